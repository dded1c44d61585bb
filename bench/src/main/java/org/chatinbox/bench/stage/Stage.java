package org.chatinbox.bench.stage;

import java.util.ArrayList;
import java.util.List;

import org.chatinbox.bench.report.Figure;
import org.chatinbox.bench.report.Series;

/** One part of the benchmark: measures something of the running stack and says what it found. */
public interface Stage {

    String name();

    Result run(Settings settings) throws Exception;

    /** What a stage found: its figures, its charts (line charts over time; a bar chart of throughput), notes for the report. */
    record Result(List<Figure> figures, List<Series> lines, List<String> notes) {

        public static Result empty() {
            return new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }
}

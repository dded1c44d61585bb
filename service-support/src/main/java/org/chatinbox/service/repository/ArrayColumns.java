package org.chatinbox.service.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rows sent as one array per column and turned back into rows by {@code unnest}: a batch of any size is one statement. Each
 * column is declared once, with its SQL type and how a row gives its value, and the declaration writes both the column list and
 * the {@code unnest(...)} placeholders, so a column cannot be bound to another's place or type.
 */
public final class ArrayColumns<T> {

    private record Column<T>(String name, String type, Function<? super T, ?> value) {
    }

    private final List<Column<T>> columns = new ArrayList<>();

    public ArrayColumns<T> add(String name, String type, Function<? super T, ?> value) {
        columns.add(new Column<>(name, type, value));
        return this;
    }

    /** The column names, in declaration order. */
    public String names() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** {@code unnest(?::type[], ...)}: one row per element, its columns in declaration order. */
    public String unnest() {
        return columns.stream().map(c -> "?::" + c.type() + "[]").collect(Collectors.joining(", ", "unnest(", ")"));
    }

    /** Binds the rows' columns from parameter {@code first} on; returns the index of the next parameter. */
    public int bind(Connection connection, PreparedStatement statement, int first, List<? extends T> rows)
            throws SQLException {
        int index = first;
        for (Column<T> column : columns) {
            Object[] values = new Object[rows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.value().apply(rows.get(i));
            }
            statement.setArray(index++, connection.createArrayOf(column.type(), values));
        }
        return index;
    }
}

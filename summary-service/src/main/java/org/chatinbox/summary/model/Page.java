package org.chatinbox.summary.model;

import java.util.List;

/** A page of a list (contract §4): its items and the cursor of the next page, null on the last. */
public record Page<T>(List<T> items, String nextCursor) {
}

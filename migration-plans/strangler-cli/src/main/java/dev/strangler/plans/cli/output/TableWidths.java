package dev.strangler.plans.cli.output;

import java.util.List;

/** How wide each column of a table may be so that the whole table fits the terminal. */
final class TableWidths {

    /** Spaces between two columns. */
    static final int GAP = 2;

    /**
     * Used when the terminal's width is unknown (output piped, {@code COLUMNS} unset): the classic terminal width
     * plus a little, so that a log or a pasted run still reads well.
     */
    static final int DEFAULT_WIDTH = 100;

    /** No column is squeezed below this (or below its header); a table wider than the terminal then wraps. */
    private static final int NARROWEST = 8;

    private TableWidths() {
    }

    /** The terminal's width from the shell's {@code COLUMNS}, or {@link #DEFAULT_WIDTH}. */
    static int terminalWidth(String columns) {
        if (columns != null && columns.strip().matches("[0-9]{2,4}")) {
            return Math.max(40, Integer.parseInt(columns.strip()));
        }
        return DEFAULT_WIDTH;
    }

    /**
     * Each column's natural width (its widest cell), then, while the total exceeds {@code width}, the widest
     * column gives up one character: wide free-text columns (reasons, URLs) wrap before narrow ones (states, ids).
     * Columns of free text (a cell with a space, where a line can break) give way first: a path or a list of methods
     * cut in the middle reads worse than a sentence on more lines.
     */
    static int[] fit(List<List<String>> rows, int width) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        int[] floors = new int[columns];
        boolean[] freeText = new boolean[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                String cell = i < row.size() && row.get(i) != null ? row.get(i) : "";
                widths[i] = Math.max(widths[i], cell.length());
                freeText[i] |= row != rows.get(0) && cell.strip().contains(" ");
            }
        }
        for (int i = 0; i < columns; i++) {
            floors[i] = Math.min(widths[i], Math.max(NARROWEST, rows.get(0).get(i).length()));
        }
        int total = GAP * (columns - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > width) {
            int widest = widest(widths, floors, freeText, true);
            if (widest < 0) {
                widest = widest(widths, floors, freeText, false);
            }
            if (widest < 0) {
                break;
            }
            widths[widest]--;
            total--;
        }
        for (int i = 0; i < columns; i++) {
            widths[i] = Math.max(1, widths[i]);
        }
        return widths;
    }

    /** The widest column that may still give way (only free text when {@code freeTextOnly}), or -1. */
    private static int widest(int[] widths, int[] floors, boolean[] freeText, boolean freeTextOnly) {
        int widest = -1;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] > floors[i] && (!freeTextOnly || freeText[i]) && (widest < 0 || widths[i] > widths[widest])) {
                widest = i;
            }
        }
        return widest;
    }
}

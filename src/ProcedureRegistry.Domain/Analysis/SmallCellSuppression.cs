namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// Which figures of a published report are withheld because they rest on fewer than 5 patients (roles.md: "small
/// cells (under 5 patients) are suppressed where a person could be recognised"). Primary suppression hides every
/// count from 1 to 4 (a zero describes nobody and stays); complementary suppression then hides enough other cells
/// that a hidden one cannot be recomputed by subtraction from the totals that are still shown.
/// </summary>
public static class SmallCellSuppression
{
    public const int MinimumCount = 5;

    /// <summary>What a withheld figure reads in every format.</summary>
    public const string Withheld = "< 5";

    /// <summary>A count that describes between 1 and 4 patients.</summary>
    public static bool IsSmall(int count) => count is > 0 and < MinimumCount;

    /// <summary>A whole cohort this small is reported without any figure.</summary>
    public static bool CohortIsTooSmall(int patients) => patients < MinimumCount;

    /// <summary>
    /// x/n is the two cells x and n − x (n shown beside the proportion): withheld when either is small, so that
    /// 9/10 does not tell that one patient failed.
    /// </summary>
    public static bool HidesProportion(int successes, int total) => IsSmall(successes) || IsSmall(total - successes);

    /// <summary>
    /// Suppression of a table whose row and column totals may be published beside it. Primary: the small cells.
    /// Complementary, repeated until nothing changes: a row or column with exactly one hidden cell also hides its
    /// smallest shown cell (zeros included), so that its total minus the shown cells no longer gives the hidden one.
    /// A total is withheld when it is small itself, or when its line has a single hidden cell left (a line of one
    /// cell). Rows may have different lengths; a missing cell counts as absent, not as zero.
    /// </summary>
    public static SuppressedTable Table(IReadOnlyList<IReadOnlyList<int>> cells)
    {
        var hidden = cells.Select(row => row.Select(IsSmall).ToArray()).ToArray();
        var columns = cells.Count == 0 ? 0 : cells.Max(r => r.Count);
        (int Row, int Column)[] Line(bool byRow, int index) => byRow
            ? [.. Enumerable.Range(0, cells[index].Count).Select(j => (index, j))]
            : [.. Enumerable.Range(0, cells.Count).Where(i => index < cells[i].Count).Select(i => (i, index))];

        bool changed;
        do
        {
            changed = false;
            foreach (var (byRow, count) in new[] { (true, cells.Count), (false, columns) })
            {
                for (var index = 0; index < count; index++)
                {
                    var line = Line(byRow, index);
                    if (line.Count(c => hidden[c.Row][c.Column]) != 1)
                    {
                        continue;
                    }
                    var shown = line.Where(c => !hidden[c.Row][c.Column]).OrderBy(c => cells[c.Row][c.Column]).ToList();
                    if (shown.Count > 0)
                    {
                        hidden[shown[0].Row][shown[0].Column] = true;
                        changed = true;
                    }
                }
            }
        }
        while (changed);

        bool TotalHidden(bool byRow, int index)
        {
            var line = Line(byRow, index);
            return IsSmall(line.Sum(c => cells[c.Row][c.Column])) || line.Count(c => hidden[c.Row][c.Column]) == 1;
        }
        return new SuppressedTable(
            hidden,
            [.. Enumerable.Range(0, cells.Count).Select(i => TotalHidden(true, i))],
            [.. Enumerable.Range(0, columns).Select(j => TotalHidden(false, j))],
            IsSmall(cells.Sum(r => r.Sum())));
    }

    /// <summary>A 2 × 2 table (block result against treatment success): one small cell hides all four.</summary>
    public static SuppressedTable Table(TwoByTwo table) =>
        Table([[table.TruePositive, table.FalsePositive], [table.FalseNegative, table.TrueNegative]]);
}

/// <summary>Which cells and totals of a table are withheld; <see cref="Any"/> when at least one cell is.</summary>
public sealed record SuppressedTable(IReadOnlyList<IReadOnlyList<bool>> Cells, IReadOnlyList<bool> RowTotals, IReadOnlyList<bool> ColumnTotals, bool GrandTotal)
{
    public bool Any => Cells.Any(row => row.Any(hidden => hidden));

    public bool Hidden(int row, int column) => Cells[row][column];
}

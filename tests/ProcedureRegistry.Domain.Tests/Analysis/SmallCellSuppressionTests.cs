using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>Issue 10, finding 6: the small-cell rule, primary and complementary, branch by branch.</summary>
public sealed class SmallCellSuppressionTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(120, false)]
    public void A_count_from_1_to_4_is_small_and_a_zero_is_not(int count, bool small) =>
        Assert.Equal(small, SmallCellSuppression.IsSmall(count));

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void A_cohort_under_5_patients_is_too_small(int patients, bool tooSmall) =>
        Assert.Equal(tooSmall, SmallCellSuppression.CohortIsTooSmall(patients));

    [Theory]
    [InlineData(20, 40, false)]
    [InlineData(0, 40, false)]
    [InlineData(40, 40, false)]
    [InlineData(3, 40, true)]
    [InlineData(9, 10, true)]  // the complement: one patient failed
    [InlineData(2, 3, true)]
    [InlineData(0, 0, false)]
    public void A_proportion_is_withheld_when_its_numerator_or_its_complement_is_small(int successes, int total, bool hidden) =>
        Assert.Equal(hidden, SmallCellSuppression.HidesProportion(successes, total));

    [Fact]
    public void One_small_cell_of_a_2x2_table_hides_all_four_cells_but_not_the_totals_that_are_large()
    {
        var table = SmallCellSuppression.Table(new TwoByTwo(20, 3, 30, 10));

        Assert.True(table.Any);
        Assert.All(table.Cells.SelectMany(r => r), Assert.True);
        // Row totals 23 and 40, column totals 50 and 13: with every cell hidden, they no longer give the 3 back.
        Assert.Equal([false, false], table.RowTotals);
        Assert.Equal([false, false], table.ColumnTotals);
        Assert.False(table.GrandTotal);
    }

    [Fact]
    public void A_2x2_table_without_small_cells_is_shown_whole_zeros_included() =>
        Assert.False(SmallCellSuppression.Table(new TwoByTwo(20, 0, 30, 10)).Any);

    [Fact]
    public void In_a_larger_table_each_line_with_a_hidden_cell_gets_a_second_one_and_the_rest_stays()
    {
        int[][] cells =
        [
            [2, 10, 20],
            [8, 30, 40],
            [9, 50, 60],
        ];

        var table = SmallCellSuppression.Table(cells);

        // The 2 (primary), the 10 beside it (its row's smallest shown cell) and the 8 below it (its column's);
        // then row 2 has one hidden cell (the 8) and hides its 30, and column 2 (10 and 30) already has two.
        bool[][] expected =
        [
            [true, true, false],
            [true, true, false],
            [false, false, false],
        ];
        Assert.Equal(expected, table.Cells.Select(r => r.ToArray()).ToArray());
        foreach (var row in table.Cells)
        {
            Assert.NotEqual(1, row.Count(h => h));
        }
        Assert.Equal([false, false, false], table.RowTotals);
    }

    [Fact]
    public void A_small_total_is_withheld_and_a_line_of_one_cell_cannot_hide_its_cell_behind_its_total()
    {
        var table = SmallCellSuppression.Table([[3], [40]]);

        Assert.True(table.Hidden(0, 0));
        Assert.True(table.Hidden(1, 0)); // the column's complement: its total minus 40 would give 3
        Assert.Equal([true, true], table.RowTotals); // 3 is small; a one-cell row's total is its hidden cell
        Assert.False(table.ColumnTotals[0]); // 43 says neither
    }

    [Fact]
    public void An_empty_table_hides_nothing()
    {
        var table = SmallCellSuppression.Table([]);
        Assert.False(table.Any);
        Assert.False(table.GrandTotal);
    }
}

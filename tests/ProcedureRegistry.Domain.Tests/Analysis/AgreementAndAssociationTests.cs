using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>Kappa and chi-square: clinical-reference §6 worked values, others computed independently in Python.</summary>
public sealed class AgreementAndAssociationTests
{
    [Fact]
    public void Kappa_matches_the_worked_value()
    {
        var result = CohensKappa.Compute(new[,] { { 20, 5 }, { 10, 15 } });
        Assert.Equal(50, result.Total);
        Assert.Equal(0.70, result.ObservedAgreement!.Value, 4);
        Assert.Equal(0.50, result.ExpectedAgreement!.Value, 4);
        Assert.Equal(0.4000, result.Kappa!.Value, 4);
        Assert.Equal(0.1270, result.StandardError!.Value, 4); // Fleiss, Cohen & Everitt 1969
        Assert.Equal(0.1511, result.Interval!.Value.Lower, 4);
        Assert.Equal(0.6489, result.Interval!.Value.Upper, 4);
    }

    [Fact]
    public void Kappa_works_for_three_categories()
    {
        var result = CohensKappa.Compute(new[,] { { 10, 2, 1 }, { 3, 8, 2 }, { 1, 2, 11 } });
        Assert.Equal(0.7250, result.ObservedAgreement!.Value, 4);
        Assert.Equal(0.3338, result.ExpectedAgreement!.Value, 4);
        Assert.Equal(0.5872, result.Kappa!.Value, 4);
        Assert.Equal(0.1055, result.StandardError!.Value, 4);
    }

    [Fact]
    public void Perfect_agreement_has_kappa_one_and_a_zero_width_interval()
    {
        var result = CohensKappa.Compute(new[,] { { 7, 0 }, { 0, 5 } });
        Assert.Equal(1.0, result.Kappa!.Value, 10);
        Assert.Equal(0.0, result.StandardError!.Value, 10);
    }

    [Fact]
    public void Kappa_is_not_estimable_without_data_or_when_one_category_is_all_there_is()
    {
        Assert.False(CohensKappa.Compute(new int[2, 2]).IsEstimable);
        var oneCategory = CohensKappa.Compute(new[,] { { 9, 0 }, { 0, 0 } });
        Assert.False(oneCategory.IsEstimable);
        Assert.Equal(1.0, oneCategory.ObservedAgreement);
        Assert.Throws<ArgumentException>(() => CohensKappa.Compute(new int[2, 3]));
    }

    [Fact]
    public void Chi_square_matches_the_worked_value()
    {
        var result = ChiSquareTest.Compute(new[,] { { 20, 5 }, { 10, 15 } });
        Assert.Equal(8.3333, result.Statistic!.Value, 4);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(0.0039, result.P!.Value, 4);
        Assert.Equal(0.4082, result.CramersV!.Value, 4);
        Assert.Equal(10.0, result.MinimumExpected!.Value, 4);
        Assert.False(result.AnyExpectedBelowFive);
        Assert.Equal(0.0086, result.FisherExactP!.Value, 4);
    }

    [Fact]
    public void Chi_square_for_a_three_by_three_table_flags_small_expected_counts()
    {
        var result = ChiSquareTest.Compute(new[,] { { 10, 2, 1 }, { 3, 8, 2 }, { 1, 2, 11 } });
        Assert.Equal(28.3412, result.Statistic!.Value, 4);
        Assert.Equal(4, result.DegreesOfFreedom);
        Assert.Equal(0.0000106, result.P!.Value, 7);
        Assert.Equal(0.5952, result.CramersV!.Value, 4);
        Assert.True(result.AnyExpectedBelowFive);
        Assert.Null(result.FisherExactP);
    }

    [Fact]
    public void Chi_square_drops_empty_rows_and_columns_and_needs_two_of_each()
    {
        var dropped = ChiSquareTest.Compute(new[,] { { 20, 0, 5 }, { 0, 0, 0 }, { 10, 0, 15 } });
        Assert.True(dropped.EmptyRowsOrColumnsDropped);
        Assert.Equal(8.3333, dropped.Statistic!.Value, 4);
        Assert.Equal(1, dropped.DegreesOfFreedom);

        var oneColumn = ChiSquareTest.Compute(new[,] { { 4, 0 }, { 6, 0 } });
        Assert.False(oneColumn.IsEstimable);
        Assert.Null(oneColumn.P);
        Assert.False(ChiSquareTest.Compute(new int[3, 3]).IsEstimable);
    }
}

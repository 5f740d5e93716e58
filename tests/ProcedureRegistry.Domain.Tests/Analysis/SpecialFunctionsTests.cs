using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.5723649429247001)] // ln √π
    [InlineData(10.0, 12.801827480081469)] // ln 9!
    [InlineData(101.0, 363.73937555556347)] // ln 100!
    [InlineData(0.1, 2.252712651734206)]
    public void Log_gamma_matches_known_values(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 10);

    [Theory]
    [InlineData(0.5, 2.0, 3.0, 0.6875)] // I_0.5(2,3) = 11/16
    [InlineData(0.3, 1.0, 1.0, 0.3)] // uniform
    [InlineData(0.9, 5.0, 0.5, 0.3166429150)] // by quadrature
    [InlineData(0.9, 5.0, 1.0, 0.59049)] // x^a
    [InlineData(0.9, 1.0, 0.5, 0.6837722340)] // 1 − (1−x)^b
    public void Incomplete_beta_matches_known_values(double x, double a, double b, double expected) =>
        Assert.Equal(expected, SpecialFunctions.RegularizedIncompleteBeta(x, a, b), 8);

    [Theory]
    [InlineData(0.025, 2.0, 3.0)]
    [InlineData(0.5, 15.0, 134.0)]
    [InlineData(0.975, 1.0, 20.0)]
    public void Inverse_incomplete_beta_inverts_it(double p, double a, double b) =>
        Assert.Equal(p, SpecialFunctions.RegularizedIncompleteBeta(SpecialFunctions.InverseRegularizedIncompleteBeta(p, a, b), a, b), 10);

    [Theory]
    [InlineData(3.841459, 1, 0.05)] // critical values, given to 6 places
    [InlineData(9.487729, 4, 0.05)]
    [InlineData(0.0, 3, 1.0)]
    public void Chi_square_upper_tail_matches_critical_values(double statistic, int df, double expected) =>
        Assert.Equal(expected, SpecialFunctions.ChiSquareUpperTail(statistic, df), 6);

    [Theory]
    [InlineData(8.333333333333334, 1, 0.0038924171)]
    [InlineData(28.34118262689691, 4, 1.0636356769e-5)]
    [InlineData(200.0, 2, 3.720075976020836e-44)] // e^(−100)
    [InlineData(3.0, 2, 0.2231301601)] // e^(−1.5)
    public void Chi_square_upper_tail_matches_known_values(double statistic, int df, double expected) =>
        Assert.Equal(expected, SpecialFunctions.ChiSquareUpperTail(statistic, df), 9);
}

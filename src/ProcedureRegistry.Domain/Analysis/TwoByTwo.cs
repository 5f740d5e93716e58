namespace ProcedureRegistry.Domain.Analysis;

/// <summary>
/// A 2×2 table of a test (rows: positive, negative) against an outcome (columns: present, absent). In the
/// registry the test is the diagnostic block and the outcome is treatment success.
/// </summary>
public readonly record struct TwoByTwo(int TruePositive, int FalsePositive, int FalseNegative, int TrueNegative)
{
    public int TestPositive => TruePositive + FalsePositive;
    public int TestNegative => FalseNegative + TrueNegative;
    public int OutcomePresent => TruePositive + FalseNegative;
    public int OutcomeAbsent => FalsePositive + TrueNegative;
    public int Total => TestPositive + TestNegative;

    public bool HasZeroCell => TruePositive == 0 || FalsePositive == 0 || FalseNegative == 0 || TrueNegative == 0;

    /// <summary>The table as rows × columns, for the r × c functions.</summary>
    public int[,] ToArray() => new[,] { { TruePositive, FalsePositive }, { FalseNegative, TrueNegative } };

    public override string ToString() =>
        $"[[{TruePositive}, {FalsePositive}], [{FalseNegative}, {TrueNegative}]]";
}

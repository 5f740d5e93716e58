using System.Text.Json;
using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Analysis;

/// <summary>
/// The analysts' JSON comes from the same objects as the PDF (issue 5 §7): every result must serialize with
/// System.Text.Json's defaults, which refuse NaN and infinity, for empty and for full data sets alike.
/// </summary>
public sealed class SerializationTests
{
    private static readonly SpinalSegment T12L1 = SpinalSegment.Parse("T12-L1");
    private static readonly SpinalSegment L1L2 = SpinalSegment.Parse("L1-L2");

    [Fact]
    public void An_empty_report_serializes()
    {
        var json = JsonSerializer.Serialize(Criterion4Analysis.Analyse([]));
        Assert.Contains("\"Verdict\":2", json); // NotEnoughData
        Assert.Contains("\"Value\":null", json);
    }

    [Fact]
    public void A_full_report_and_the_claims_serialize()
    {
        var cases = Enumerable.Range(0, 40).Select(i => new BlockedSegmentCase(
            i, i % 2 == 0 ? T12L1 : L1L2, Side.Left, i % 4 == 0 ? 20 : 90, i % 3 == 0 ? 90 : 10, i % 3 == 0, null,
            i % 5 == 0 ? TherapeuticKind.SteroidInjection : TherapeuticKind.RadiofrequencyDenervation,
            i % 7 == 0 ? null : i % 2 * 80, i % 12 + 1, i % 2 == 0)).ToList();
        var report = Criterion4Analysis.Analyse(cases);
        var territory = SourceTextClaims.TerritoryIndicatesLevel(
            cases.Select(c => new TerritoryLevelCase(c.PatientKey, (Territory)(c.PatientKey % 3), c.Segment)));
        var imaging = SourceTextClaims.ImagingAgreesWithBlocks(
            cases.Select(c => new LevelAgreementCase(c.PatientKey, c.PatientKey % 5 == 0 ? L1L2 : T12L1, c.Segment)));
        object[] all =
        [
            report, territory, imaging,
            SourceTextClaims.PainBelowKnee(0, 0, 0), SourceTextClaims.BilateralCasesOccur(2, 40, 40),
            QualityFigures.ComplicationRatePer100(0, 0), QualityFigures.OperatorFunnel([("A", 3, 4), ("B", 0, 0)]),
            KaplanMeier.Estimate([new(1, true)]), Descriptive.MedianAndQuartiles([]),
        ];
        foreach (var result in all)
        {
            Assert.False(string.IsNullOrEmpty(JsonSerializer.Serialize(result, result.GetType())));
        }
        Assert.Contains("\"Table\":[[", JsonSerializer.Serialize(territory));
    }
}

using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Domain.Tests.Procedures;

public sealed class ProcedureTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_diary_reads_in_time_order_with_the_pre_procedure_pain_as_baseline()
    {
        var block = new Procedure(1, 2, ProcedureKind.DiagnosticBlock, Now, null)
        {
            PrePain = 8,
            TendernessAbolished = true,
            Diary = [new DiaryScore(60, 1), new DiaryScore(15, 2)],
        };

        var diary = block.ToDiary();

        Assert.Equal(8, diary.PrePain);
        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)], diary.Entries.Select(e => e.After));
        Assert.True(diary.TendernessAbolished);
    }

    [Fact]
    public void Voiding_keeps_the_procedure_and_records_who_when_and_why()
    {
        var rf = new Procedure(1, 2, ProcedureKind.RfDenervation, Now, "u1");

        rf.Void("  logged on the wrong patient ", "Dr A", Now.AddHours(1));

        Assert.True(rf.IsVoided);
        Assert.Equal(("logged on the wrong patient", "Dr A", Now.AddHours(1)), (rf.VoidReason, rf.VoidedByName, rf.VoidedAt!.Value));
    }

    [Fact]
    public void A_target_reads_back_as_a_segment_and_side() =>
        Assert.Equal(new SegmentSide(SpinalSegment.Parse("T12-L1"), Side.Bilateral), new ProcedureTarget("T12-L1", Side.Bilateral).ToSegmentSide());

    [Fact]
    public void Targets_read_head_to_foot_then_by_side()
    {
        var rf = new Procedure(1, 2, ProcedureKind.RfDenervation, Now, null)
        {
            Targets = [new("L5-S1", Side.Left), new("T12-L1", Side.Right), new("T12-L1", Side.Left), new("C7-T1", Side.Bilateral)],
        };

        Assert.Equal(["C7-T1 Bilateral", "T12-L1 Left", "T12-L1 Right", "L5-S1 Left"], rf.TargetsInOrder.Select(t => $"{t.Segment} {t.Side}"));
    }
}

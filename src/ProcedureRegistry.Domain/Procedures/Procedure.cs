using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Procedures;

public enum ProcedureKind
{
    DiagnosticBlock,
    SteroidInjection,
    RfDenervation,
}

/// <summary>
/// One interventional procedure on one patient: a diagnostic block, a steroid injection or a medial-branch RF
/// denervation, at one or more targets (segment × side). One table holds the three kinds; the columns of the other
/// kinds stay empty (the database checks that too). A procedure logged in error is voided with a reason, never
/// deleted.
/// </summary>
public sealed class Procedure
{
    public const int TextMaxLength = 2000;

    private Procedure() { }

    public Procedure(int clinicId, int patientId, ProcedureKind kind, DateTimeOffset createdAt, string? createdByUserId)
    {
        ClinicId = clinicId;
        PatientId = patientId;
        Kind = kind;
        CreatedAt = createdAt;
        CreatedByUserId = createdByUserId;
    }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public int PatientId { get; private set; }
    public int? AssessmentId { get; set; }
    public ProcedureKind Kind { get; private set; }
    public DateTimeOffset PerformedAt { get; set; }
    public string OperatorName { get; set; } = "";
    public Guidance Guidance { get; set; }
    public bool ConsentRecorded { get; set; }
    public Complication Complication { get; set; }
    public string? ComplicationOther { get; set; }
    /// <summary>Pain 0–10 just before the procedure: the baseline of percent relief.</summary>
    public int PrePain { get; set; }
    public string? Notes { get; set; }
    public List<ProcedureTarget> Targets { get; set; } = [];

    // Diagnostic block; Technique is also the steroid injection's.
    public BlockTechnique? Technique { get; set; }
    public BlockAgent? Agent { get; set; }
    public decimal? ConcentrationPercent { get; set; }
    public decimal? VolumeMlPerTarget { get; set; }
    public BlockSequence? Sequence { get; set; }
    /// <summary>The other block of a comparative pair or placebo-controlled set.</summary>
    public int? PartnerProcedureId { get; set; }
    public bool? TendernessAbolished { get; set; }
    public List<DiaryScore> Diary { get; set; } = [];

    // Steroid injection.
    public Steroid? Steroid { get; set; }
    public decimal? SteroidDoseMg { get; set; }

    // Medial-branch RF denervation.
    public RfMode? RfMode { get; set; }
    public decimal? TemperatureC { get; set; }
    public int? LesionSeconds { get; set; }
    public int? LesionsPerNerve { get; set; }
    public int? ElectrodeGauge { get; set; }
    public decimal? ActiveTipMm { get; set; }
    public bool? SensoryStimulationTested { get; set; }
    public bool? MotorStimulationTested { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string? CreatedByUserId { get; private set; }
    public DateTimeOffset? VoidedAt { get; private set; }
    public string? VoidedByName { get; private set; }
    public string? VoidReason { get; private set; }
    public uint Version { get; private set; }

    public bool IsVoided => VoidedAt is not null;

    /// <summary>The targets head to foot, then left, right, both: the order pages and exports show them in.</summary>
    public IEnumerable<ProcedureTarget> TargetsInOrder =>
        Targets.OrderBy(t => SpinalSegment.TryParse(t.Segment, out var segment) ? segment.Order : int.MaxValue).ThenBy(t => t.Side);

    public void Void(string reason, string byName, DateTimeOffset at)
    {
        VoidedAt = at;
        VoidedByName = byName;
        VoidReason = reason.Trim();
    }

    /// <summary>The block's diary as the domain reads it (only for a diagnostic block).</summary>
    public PainDiary ToDiary() =>
        new(PrePain, [.. Diary.OrderBy(d => d.MinutesAfter).Select(d => new DiaryEntry(TimeSpan.FromMinutes(d.MinutesAfter), d.Pain))], TendernessAbolished);
}

/// <summary>A target of a procedure: a facet segment (by code, e.g. "T12-L1") on a side.</summary>
public sealed class ProcedureTarget
{
    private ProcedureTarget() { }

    public ProcedureTarget(string segment, Side side) => (Segment, Side) = (segment, side);

    public string Segment { get; private set; } = "";
    public Side Side { get; private set; }

    public SegmentSide ToSegmentSide() => new(SpinalSegment.Parse(Segment), Side);
}

/// <summary>A pain score 0–10 in a block's post-procedure diary, so many minutes after the block.</summary>
public sealed class DiaryScore
{
    private DiaryScore() { }

    public DiaryScore(int minutesAfter, int pain) => (MinutesAfter, Pain) = (minutesAfter, pain);

    public int MinutesAfter { get; private set; }
    public int Pain { get; private set; }
}

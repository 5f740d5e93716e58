using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Assessments;

/// <summary>
/// A clinician's assessment of a patient against the four Maigne criteria, as recorded. The diagnosis status is not
/// stored: <see cref="DiagnosisRules"/> derives it from these findings and the patient's diagnostic blocks.
/// </summary>
public sealed class Assessment
{
    public const int FindingsMaxLength = 2000;

    private Assessment() { }

    public Assessment(int clinicId, int patientId, DateOnly assessedOn, string? clinicianUserId, string clinicianName,
        AssessmentFindings findings, int baselinePain, int? oswestryIndex, string? notes, DateTimeOffset now)
    {
        ClinicId = clinicId;
        PatientId = patientId;
        AssessedOn = assessedOn;
        ClinicianUserId = clinicianUserId;
        ClinicianName = clinicianName;
        CreatedAt = now;
        Apply(assessedOn, findings, baselinePain, oswestryIndex, notes);
    }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public int PatientId { get; private set; }
    public DateOnly AssessedOn { get; private set; }
    public string? ClinicianUserId { get; private set; }
    public string ClinicianName { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public List<AssessmentTerritory> Territories { get; private set; } = [];
    public bool RadiatesBelowKnee { get; private set; }
    public bool SpontaneousPainAtLevel { get; private set; }
    public List<AssessmentSegment> TenderSegments { get; private set; } = [];
    public bool LevelVeiled { get; private set; }
    public ImagingModality Imaging { get; private set; }
    public string? ImagingFindings { get; private set; }
    public string? ImagingSuggestedSegment { get; private set; }
    public List<AssessmentSegment> SuspectedSegments { get; private set; } = [];

    /// <summary>Numeric rating scale 0–10 at the assessment.</summary>
    public int BaselinePain { get; private set; }
    /// <summary>Oswestry Disability Index, 0–100 %, when measured.</summary>
    public int? OswestryIndex { get; private set; }
    public string? Notes { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Replaces what was recorded (a correction); the caller keeps the previous version.</summary>
    public void Apply(DateOnly assessedOn, AssessmentFindings findings, int baselinePain, int? oswestryIndex, string? notes)
    {
        AssessedOn = assessedOn;
        BaselinePain = baselinePain;
        OswestryIndex = oswestryIndex;
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        Territories = [.. findings.Territories.Select(t => new AssessmentTerritory(t.Territory, t.Side, t.SkinSigns))];
        RadiatesBelowKnee = findings.RadiatesBelowKnee;
        SpontaneousPainAtLevel = findings.SpontaneousPainAtLevel;
        TenderSegments = [.. findings.TenderSegments.Select(s => new AssessmentSegment(s.Segment.Code, s.Side))];
        LevelVeiled = findings.LevelVeiled;
        Imaging = findings.Imaging;
        ImagingFindings = string.IsNullOrWhiteSpace(findings.ImagingFindings) ? null : findings.ImagingFindings.Trim();
        ImagingSuggestedSegment = findings.ImagingSuggestedSegment?.Code;
        SuspectedSegments = [.. findings.SuspectedSegments.Select(s => new AssessmentSegment(s.Segment.Code, s.Side))];
    }

    public AssessmentFindings Findings => new()
    {
        Territories = [.. Territories.Select(t => new TerritoryFinding(t.Territory, t.Side, t.SkinSigns))],
        RadiatesBelowKnee = RadiatesBelowKnee,
        SpontaneousPainAtLevel = SpontaneousPainAtLevel,
        TenderSegments = [.. TenderSegments.Select(s => s.ToSegmentSide())],
        LevelVeiled = LevelVeiled,
        Imaging = Imaging,
        ImagingFindings = ImagingFindings,
        ImagingSuggestedSegment = ImagingSuggestedSegment is null ? null : SpinalSegment.Parse(ImagingSuggestedSegment),
        SuspectedSegments = [.. SuspectedSegments.Select(s => s.ToSegmentSide())],
    };
}

/// <summary>A painful territory on one side, with its skin signs.</summary>
public sealed class AssessmentTerritory
{
    private AssessmentTerritory() { }

    public AssessmentTerritory(Territory territory, Side side, SkinSign skinSigns) =>
        (Territory, Side, SkinSigns) = (territory, side, skinSigns);

    public Territory Territory { get; private set; }
    public Side Side { get; private set; }
    public SkinSign SkinSigns { get; private set; }
}

/// <summary>A spinal segment (stored by its code, e.g. "T12-L1") on a side.</summary>
public sealed class AssessmentSegment
{
    private AssessmentSegment() { }

    public AssessmentSegment(string segment, Side side) => (Segment, Side) = (segment, side);

    public string Segment { get; private set; } = "";
    public Side Side { get; private set; }

    public SegmentSide ToSegmentSide() => new(SpinalSegment.Parse(Segment), Side);
}

namespace ProcedureRegistry.Domain.Clinical;

/// <summary>The three territories of referred pain (clinical-reference §1).</summary>
public enum Territory
{
    /// <summary>Groin / pubic region.</summary>
    Anterior,
    /// <summary>Low back / upper gluteal region.</summary>
    Posterior,
    /// <summary>Anterolateral thigh / trochanter region.</summary>
    Lateral,
}

/// <summary>Trophic skin changes (cellulalgia) in a painful territory.</summary>
[Flags]
public enum SkinSign
{
    None = 0,
    PinchRoll = 1,
    Thickening = 2,
    Nodularity = 4,
    HairLoss = 8,
    PuffySwelling = 16,
}

public enum ImagingModality { None, Radiograph, Mri, Ct, Myelography }

/// <summary>A painful territory on a side, with the skin signs found there.</summary>
public sealed record TerritoryFinding(Territory Territory, Side Side, SkinSign SkinSigns = SkinSign.None);

/// <summary>What the clinician recorded at an assessment, criterion by criterion.</summary>
public sealed record AssessmentFindings
{
    // Criterion 1: referred pain.
    public IReadOnlyList<TerritoryFinding> Territories { get; init; } = [];
    public bool RadiatesBelowKnee { get; init; }

    // Criterion 2: the spinal level.
    public bool SpontaneousPainAtLevel { get; init; }
    public IReadOnlyList<SegmentSide> TenderSegments { get; init; } = [];
    /// <summary>No tender level was found on palpation; the criterion allows it.</summary>
    public bool LevelVeiled { get; init; }

    // Criterion 3: imaging, recorded so the reports can test it, never used to localise.
    public ImagingModality Imaging { get; init; }
    public string? ImagingFindings { get; init; }
    public SpinalSegment? ImagingSuggestedSegment { get; init; }

    /// <summary>The segments the clinician intends to block; a diagnosis is refuted when blocks at all of them are negative.</summary>
    public IReadOnlyList<SegmentSide> SuspectedSegments { get; init; } = [];
}

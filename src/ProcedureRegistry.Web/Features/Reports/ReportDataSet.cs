using ProcedureRegistry.Domain.Analysis;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>Follow-up completion at one protocol point of one procedure kind.</summary>
public sealed record CompletionCount(string Kind, string Label, int DaysAfter, int Completed, int Due);

/// <summary>Median and quartiles of pain at one time point of one procedure kind, computed by PostgreSQL.</summary>
public sealed record PainQuantiles(string Kind, string Label, int DaysAfter, MedianAndQuartiles Pain);

public sealed record ComplicationCount(string Kind, int WithComplication, int Procedures);

public sealed record OperatorCount(string Operator, int Successes, int Total);

public sealed record VolumeCount(string Month, string Segment, string Kind, int Procedures);

/// <summary>RF durability observations grouped by segment, time and outcome (as many as <see cref="Count"/>).</summary>
public sealed record DurabilityCount(string Segment, double Months, bool ReliefLost, int Count);

/// <summary>Confirmed patients each claim leaves out because its item is not recorded, with why.</summary>
public sealed record ClaimsLeftOut(IReadOnlyList<LeftOut> BelowKnee, IReadOnlyList<LeftOut> Territory, IReadOnlyList<LeftOut> Imaging);

/// <summary>
/// The analysis data set: the Domain inputs (one criterion-4 row per patient × segment × side, one claims row per
/// confirmed patient) and the quality-improvement figures already aggregated by PostgreSQL. Holds no identity:
/// patient keys are ranks within this data set, not ids.
/// </summary>
public sealed record ReportDataSet(
    IReadOnlyList<BlockedSegmentCase> Cases,
    IReadOnlyList<TerritoryLevelCase> TerritoryCases,
    IReadOnlyList<LevelAgreementCase> LevelCases,
    int ConfirmedCases,
    int ConfirmedPatients,
    ClaimsLeftOut LeftOut,
    int BelowKneeRecorded,
    int BelowKneeCases,
    int BilateralCases,
    int ProceduresInScope,
    int ScopePatients,
    IReadOnlyList<CompletionCount> Completion,
    IReadOnlyList<PainQuantiles> Pain,
    IReadOnlyList<ComplicationCount> Complications,
    IReadOnlyList<OperatorCount> Operators,
    IReadOnlyList<VolumeCount> Volume,
    IReadOnlyList<DurabilityCount> Durability,
    TimeSpan Elapsed);

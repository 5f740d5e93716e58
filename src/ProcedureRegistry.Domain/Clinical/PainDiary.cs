namespace ProcedureRegistry.Domain.Clinical;

/// <summary>A pain score (0–10) at a time after the block.</summary>
public sealed record DiaryEntry(TimeSpan After, int Pain);

/// <summary>The pain diary after a diagnostic block: the score before, then scores at times after.</summary>
public sealed record PainDiary(int PrePain, IReadOnlyList<DiaryEntry> Entries, bool? TendernessAbolished = null)
{
    /// <summary>The default diary times of clinical-reference §3; clinics may configure their own.</summary>
    public static IReadOnlyList<TimeSpan> StandardTimes { get; } =
    [
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4),
        TimeSpan.FromHours(6), TimeSpan.FromHours(8), TimeSpan.FromHours(24),
    ];
}

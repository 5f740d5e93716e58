using System.Diagnostics.CodeAnalysis;

namespace ProcedureRegistry.Domain.Clinical;

public enum SpinalRegion { Cervical, Thoracic, Lumbar }

public enum Side { Left, Right, Bilateral }

/// <summary>
/// A facet (zygapophyseal) joint named by its two vertebrae, C2-C3 to L5-S1 (clinical-reference §2).
/// Instances come only from <see cref="All"/>, so every value is a real joint.
/// </summary>
public sealed record SpinalSegment : IComparable<SpinalSegment>
{
    private static readonly string[] Vertebrae =
    [
        "C2", "C3", "C4", "C5", "C6", "C7",
        "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
        "L1", "L2", "L3", "L4", "L5",
        "S1",
    ];

    /// <summary>The 23 segments in cranio-caudal order.</summary>
    public static IReadOnlyList<SpinalSegment> All { get; } =
        [.. Enumerable.Range(0, Vertebrae.Length - 1).Select(i => new SpinalSegment(i))];

    public static IReadOnlyList<string> Codes { get; } = [.. All.Select(s => s.Code)];

    private SpinalSegment(int order)
    {
        Order = order;
        Upper = Vertebrae[order];
        Lower = Vertebrae[order + 1];
    }

    /// <summary>0-based position in <see cref="All"/>.</summary>
    public int Order { get; }
    public string Upper { get; }
    public string Lower { get; }
    public string Code => $"{Upper}-{Lower}";

    // A joint belongs to the region of its upper vertebra: C7-T1 is cervical, T12-L1 thoracic, L5-S1 lumbar.
    public SpinalRegion Region => Upper[0] switch
    {
        'C' => SpinalRegion.Cervical,
        'T' => SpinalRegion.Thoracic,
        _ => SpinalRegion.Lumbar,
    };

    /// <summary>T11-T12, T12-L1 and L1-L2, where Maigne syndrome usually arises (clinical-reference §1).</summary>
    public bool IsThoracolumbarJunction => Code is "T11-T12" or "T12-L1" or "L1-L2";

    /// <summary>Accepts "T12-L1", "t12-l1" or "T12/L1", with surrounding spaces; the vertebrae must be adjacent.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SpinalSegment? segment)
    {
        segment = null;
        var parts = text?.Split('-', '/');
        if (parts is not { Length: 2 })
        {
            return false;
        }
        var upper = Array.IndexOf(Vertebrae, parts[0].Trim().ToUpperInvariant());
        var lower = Array.IndexOf(Vertebrae, parts[1].Trim().ToUpperInvariant());
        if (upper < 0 || lower != upper + 1)
        {
            return false;
        }
        segment = All[upper];
        return true;
    }

    public static SpinalSegment Parse(string text) =>
        TryParse(text, out var segment)
            ? segment
            : throw new FormatException(
                $"'{text}' is not a facet joint segment: expected two adjacent vertebrae from C2-C3 to L5-S1, such as T12-L1.");

    public int CompareTo(SpinalSegment? other) => other is null ? 1 : Order.CompareTo(other.Order);

    public override string ToString() => Code;
}

/// <summary>A segment on one side or both: the target of a block, a tender or a suspected level.</summary>
public sealed record SegmentSide(SpinalSegment Segment, Side Side)
{
    /// <summary>Same joint, and the sides meet: bilateral overlaps left and right.</summary>
    public bool Overlaps(SegmentSide other) =>
        Segment == other.Segment && (Side == other.Side || Side == Side.Bilateral || other.Side == Side.Bilateral);

    public override string ToString() => $"{Segment.Code} {ClinicalText.Describe(Side)}";
}

using System.Security.Cryptography;

namespace ProcedureRegistry.Domain.Blinding;

/// <summary>One entry of a drawn allocation list: a kit, its arm, where it stands in its stratum's list.</summary>
/// <param name="Position">1-based, in the order the kits are to be handed out within the stratum.</param>
/// <param name="PermutedBlock">1-based number of the permuted block within the stratum.</param>
public sealed record AllocationEntry(Stratum Stratum, int Position, int PermutedBlock, int BlockSize, AllocationArm Arm, string KitCode);

/// <summary>
/// Draws a protocol's allocation list (clinical-reference §9): within each stratum, permuted blocks whose size is
/// drawn at random from the protocol's sizes, each holding equal numbers of the two arms in random order. Every random
/// choice (block size, order, kit code) comes from <see cref="RandomNumberGenerator"/>, so nothing in the list can be
/// computed from another part of it or from the time it was drawn.
/// </summary>
public static class AllocationList
{
    public const int MinBlockSize = 2;
    public const int MaxBlockSize = 12;
    public const int MaxKitsPerStratum = 2000;

    /// <summary>The even sizes from <see cref="MinBlockSize"/> to <see cref="MaxBlockSize"/>.</summary>
    public static IReadOnlyList<int> AllowedBlockSizes { get; } =
        [.. Enumerable.Range(MinBlockSize, MaxBlockSize - MinBlockSize + 1).Where(s => s % 2 == 0)];

    /// <summary>Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).</summary>
    public const string KitAlphabet = "34679ACDEFGHJKMNPQRTUVWXY";
    public const int KitCodeLength = 8;

    /// <summary>"XXXX-XXXX" in <see cref="KitAlphabet"/>: about 37 bits, so a guessed code is almost never a real one.</summary>
    public const string KitCodePattern = "^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$";

    /// <summary>Why a set of block sizes cannot be used, or null when it can.</summary>
    public static string? CheckBlockSizes(IReadOnlyCollection<int> sizes) =>
        sizes.Count == 0 ? "Block sizes: give at least one permuted-block size, such as 2 and 4."
        : sizes.Any(s => s < MinBlockSize || s > MaxBlockSize || s % 2 != 0)
            ? $"Block sizes: each size must be an even number from {MinBlockSize} to {MaxBlockSize}, so that a block holds as many of one arm as of the other."
        : sizes.Distinct().Count() != sizes.Count ? "Block sizes: each size appears once."
        : null;

    /// <summary>
    /// Draws whole permuted blocks in each stratum until it holds at least <paramref name="kitsPerStratum"/> kits
    /// (the last block is completed, so the list stays balanced). Kit codes are distinct within the list.
    /// </summary>
    public static IReadOnlyList<AllocationEntry> Draw(
        ControlledDesign design, IReadOnlyList<Stratum> strata, IReadOnlyCollection<int> blockSizes, int kitsPerStratum)
    {
        if (CheckBlockSizes(blockSizes) is { } problem)
        {
            throw new ArgumentException(problem, nameof(blockSizes));
        }
        if (strata.Count == 0)
        {
            throw new ArgumentException("A list is drawn for at least one stratum.", nameof(strata));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(kitsPerStratum, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kitsPerStratum, MaxKitsPerStratum);

        var arms = ControlledDesigns.Arms(design);
        var sizes = blockSizes.Order().ToArray();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<AllocationEntry>();
        foreach (var stratum in strata)
        {
            var position = 0;
            for (var block = 1; position < kitsPerStratum; block++)
            {
                var size = sizes[RandomNumberGenerator.GetInt32(sizes.Length)];
                var order = new AllocationArm[size];
                for (var i = 0; i < size; i++)
                {
                    order[i] = arms[i % 2];
                }
                RandomNumberGenerator.Shuffle(order.AsSpan());
                foreach (var arm in order)
                {
                    string code;
                    do
                    {
                        code = NewKitCode();
                    }
                    while (!codes.Add(code));
                    entries.Add(new AllocationEntry(stratum, ++position, block, size, arm, code));
                }
            }
        }
        return entries;
    }

    /// <summary>A fresh random kit code ("XXXX-XXXX").</summary>
    public static string NewKitCode()
    {
        var code = RandomNumberGenerator.GetString(KitAlphabet, KitCodeLength);
        return $"{code[..4]}-{code[4..]}";
    }

    /// <summary>A typed kit code in its stored form: upper case, spaces dropped, the dash put back.</summary>
    public static string Normalise(string? text)
    {
        var bare = new string((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return bare.Length == KitCodeLength ? $"{bare[..4]}-{bare[4..]}" : bare;
    }
}

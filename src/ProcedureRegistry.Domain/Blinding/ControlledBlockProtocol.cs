using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Domain.Blinding;

/// <summary>
/// A clinic's blinded, randomised controlled-block protocol (clinical-reference §9). Defined first, then started:
/// starting draws its allocation list (<see cref="AllocationList"/>), after which nothing about it changes.
/// </summary>
public sealed class ControlledBlockProtocol
{
    public const int NameMaxLength = 80;

    private ControlledBlockProtocol() { }

    public ControlledBlockProtocol(int clinicId, string name, ControlledDesign design, BlockAgent placeboComparator,
        Stratification stratification, int[] blockSizes, int kitsPerStratum, DateTimeOffset createdAt, string createdByName)
    {
        ClinicId = clinicId;
        Name = name.Trim();
        Design = design;
        PlaceboComparator = placeboComparator;
        Stratification = stratification;
        BlockSizes = [.. blockSizes.Order()];
        KitsPerStratum = kitsPerStratum;
        CreatedAt = createdAt;
        CreatedByName = createdByName;
    }

    public int Id { get; private set; }
    public int ClinicId { get; private set; }
    public string Name { get; private set; } = "";
    public ControlledDesign Design { get; private set; }
    /// <summary>The local anesthetic of a placebo-controlled protocol's active arm (a comparative one uses lidocaine and bupivacaine).</summary>
    public BlockAgent PlaceboComparator { get; private set; }
    public Stratification Stratification { get; private set; }
    public int[] BlockSizes { get; private set; } = [];
    public int KitsPerStratum { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedByName { get; private set; } = "";
    public DateTimeOffset? StartedAt { get; private set; }
    public string? StartedByName { get; private set; }
    public uint Version { get; private set; }

    public bool IsStarted => StartedAt is not null;

    /// <summary>Draws the list and marks the protocol started; the caller stores the kits.</summary>
    public IReadOnlyList<BlindedKit> Start(DateTimeOffset at, string byName)
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("The protocol was already started.");
        }
        StartedAt = at;
        StartedByName = byName;
        return [.. AllocationList.Draw(Design, ControlledDesigns.Strata(Stratification), BlockSizes, KitsPerStratum)
            .Select(e => new BlindedKit(Id, e))];
    }

    public BlockAgent AgentOf(AllocationArm arm, int dose) => ControlledDesigns.AgentOf(arm, dose, PlaceboComparator);
}

/// <summary>One kit of a started protocol's list. Written once when the protocol starts; never changed or deleted.</summary>
public sealed class BlindedKit
{
    private BlindedKit() { }

    public BlindedKit(int protocolId, AllocationEntry entry)
    {
        ProtocolId = protocolId;
        Stratum = entry.Stratum;
        Position = entry.Position;
        PermutedBlock = entry.PermutedBlock;
        BlockSize = entry.BlockSize;
        Arm = entry.Arm;
        KitCode = entry.KitCode;
    }

    public int Id { get; private set; }
    public int ProtocolId { get; private set; }
    public ControlledBlockProtocol? Protocol { get; private set; }
    public Stratum Stratum { get; private set; }
    public int Position { get; private set; }
    public int PermutedBlock { get; private set; }
    public int BlockSize { get; private set; }
    public AllocationArm Arm { get; private set; }
    public string KitCode { get; private set; } = "";
}

/// <summary>A kit's dose given to one logged block. Append-only: one per block, one per dose of a kit.</summary>
public sealed class KitAllocation
{
    private KitAllocation() { }

    /// <summary>The dose given to <paramref name="block"/>, saved with it (its id is set then).</summary>
    public KitAllocation(int kitId, int dose, Procedure block, DateTimeOffset allocatedAt, string allocatedByName)
    {
        KitId = kitId;
        Dose = dose;
        Procedure = block;
        AllocatedAt = allocatedAt;
        AllocatedByName = allocatedByName;
    }

    public int Id { get; private set; }
    public int KitId { get; private set; }
    public BlindedKit? Kit { get; private set; }
    public int Dose { get; private set; }
    public int ProcedureId { get; private set; }
    public Procedure? Procedure { get; private set; }
    public DateTimeOffset AllocatedAt { get; private set; }
    public string AllocatedByName { get; private set; } = "";
}

/// <summary>An emergency unblinding of one block before its diary was complete, with the reason. Append-only.</summary>
public sealed class BlockUnblinding
{
    public const int ReasonMaxLength = 2000;

    private BlockUnblinding() { }

    public BlockUnblinding(int procedureId, string reason, DateTimeOffset unblindedAt, string unblindedByName)
    {
        ProcedureId = procedureId;
        Reason = reason.Trim();
        UnblindedAt = unblindedAt;
        UnblindedByName = unblindedByName;
    }

    public int Id { get; private set; }
    public int ProcedureId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset UnblindedAt { get; private set; }
    public string UnblindedByName { get; private set; } = "";
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class ControlledBlockProtocolConfiguration : IEntityTypeConfiguration<ControlledBlockProtocol>
{
    public void Configure(EntityTypeBuilder<ControlledBlockProtocol> builder)
    {
        builder.ToTable("controlled_block_protocols", t =>
        {
            t.HasCheckConstraint("ck_controlled_block_protocols_name", "length(btrim(name)) >= 1");
            t.HasCheckConstraint("ck_controlled_block_protocols_design", SqlChecks.EnumIn<ControlledDesign>("design"));
            t.HasCheckConstraint("ck_controlled_block_protocols_stratification", SqlChecks.EnumIn<Stratification>("stratification"));
            t.HasCheckConstraint("ck_controlled_block_protocols_placebo_comparator",
                SqlChecks.In("placebo_comparator", ControlledDesigns.PlaceboComparators.Select(a => a.ToString())));
            // The validator's rule again: at least one size, each an even number from 2 to 12.
            t.HasCheckConstraint("ck_controlled_block_protocols_block_sizes",
                $"cardinality(block_sizes) >= 1 AND block_sizes <@ ARRAY[{string.Join(", ", AllocationList.AllowedBlockSizes)}]");
            t.HasCheckConstraint("ck_controlled_block_protocols_kits_per_stratum", SqlChecks.Between("kits_per_stratum", 1, AllocationList.MaxKitsPerStratum));
            t.HasCheckConstraint("ck_controlled_block_protocols_started", "(started_at IS NULL) = (started_by_name IS NULL)");
        });
        builder.Property(p => p.Name).HasMaxLength(ControlledBlockProtocol.NameMaxLength);
        builder.Property(p => p.Design).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Stratification).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.PlaceboComparator).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.CreatedByName).HasMaxLength(256);
        builder.Property(p => p.StartedByName).HasMaxLength(256);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ClinicId, p.Name }).IsUnique();
    }
}

public sealed class BlindedKitConfiguration : IEntityTypeConfiguration<BlindedKit>
{
    public void Configure(EntityTypeBuilder<BlindedKit> builder)
    {
        builder.ToTable("blinded_kits", t =>
        {
            t.HasCheckConstraint("ck_blinded_kits_stratum", SqlChecks.EnumIn<Stratum>("stratum"));
            t.HasCheckConstraint("ck_blinded_kits_arm", SqlChecks.EnumIn<AllocationArm>("arm"));
            t.HasCheckConstraint("ck_blinded_kits_kit_code", $"kit_code ~ '{AllocationList.KitCodePattern}'");
            t.HasCheckConstraint("ck_blinded_kits_position", "position >= 1 AND permuted_block >= 1 AND " +
                SqlChecks.Between("block_size", AllocationList.MinBlockSize, AllocationList.MaxBlockSize));
        });
        builder.Property(k => k.Stratum).HasConversion<string>().HasMaxLength(30);
        builder.Property(k => k.Arm).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.KitCode).HasMaxLength(9);
        builder.HasOne(k => k.Protocol).WithMany().HasForeignKey(k => k.ProtocolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => k.KitCode).IsUnique();
        builder.HasIndex(k => new { k.ProtocolId, k.Stratum, k.Position }).IsUnique();
    }
}

public sealed class KitAllocationConfiguration : IEntityTypeConfiguration<KitAllocation>
{
    public void Configure(EntityTypeBuilder<KitAllocation> builder)
    {
        builder.ToTable("kit_allocations", t => t.HasCheckConstraint("ck_kit_allocations_dose", SqlChecks.Between("dose", 1, 2)));
        builder.Property(a => a.AllocatedByName).HasMaxLength(256);
        builder.HasOne(a => a.Kit).WithMany().HasForeignKey(a => a.KitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Procedure).WithMany().HasForeignKey(a => a.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        // One kit per block, and each dose of a kit to one block.
        builder.HasIndex(a => a.ProcedureId).IsUnique();
        builder.HasIndex(a => new { a.KitId, a.Dose }).IsUnique();
    }
}

public sealed class BlockUnblindingConfiguration : IEntityTypeConfiguration<BlockUnblinding>
{
    public void Configure(EntityTypeBuilder<BlockUnblinding> builder)
    {
        builder.ToTable("block_unblindings", t => t.HasCheckConstraint("ck_block_unblindings_reason", "length(btrim(reason)) >= 1"));
        builder.Property(u => u.Reason).HasMaxLength(BlockUnblinding.ReasonMaxLength);
        builder.Property(u => u.UnblindedByName).HasMaxLength(256);
        builder.HasOne<Procedure>().WithMany().HasForeignKey(u => u.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.ProcedureId).IsUnique();
    }
}

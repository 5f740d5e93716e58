using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries", t =>
            t.HasCheckConstraint("ck_audit_entries_outcome",
                "outcome IN ('Succeeded', 'Invalid', 'NotFound', 'Forbidden', 'Conflict', 'Error')"));
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.Details).HasMaxLength(AuditEntry.DetailsMaxLength);
        builder.Property(a => a.Outcome).HasMaxLength(20);
        builder.Property(a => a.RemoteIp).HasMaxLength(45);
        builder.Property(a => a.TraceId).HasMaxLength(100);
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.UserId, a.OccurredAt });
        // "Who has seen this patient?" is answered from this index: WHERE patient_ids @> ARRAY[id].
        builder.HasIndex(a => a.PatientIds).HasMethod("gin");
    }
}

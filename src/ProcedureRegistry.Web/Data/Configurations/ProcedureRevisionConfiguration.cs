using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class ProcedureRevisionConfiguration : IEntityTypeConfiguration<ProcedureRevision>
{
    public void Configure(EntityTypeBuilder<ProcedureRevision> builder)
    {
        builder.ToTable("procedure_revisions", t => t.HasCheckConstraint("ck_procedure_revisions_reason", "length(btrim(reason)) >= 3"));
        builder.Property(r => r.PreviousJson).HasColumnName("previous").HasColumnType("jsonb");
        builder.Property(r => r.What).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.ChangedByUserId).HasMaxLength(450);
        builder.Property(r => r.ChangedByName).HasMaxLength(256);
        builder.HasOne<Procedure>().WithMany().HasForeignKey(r => r.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ProcedureId, r.Number }).IsUnique();
    }
}

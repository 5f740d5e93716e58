using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class PatientRevisionConfiguration : IEntityTypeConfiguration<PatientRevision>
{
    public void Configure(EntityTypeBuilder<PatientRevision> builder)
    {
        builder.ToTable("patient_revisions", t => t.HasCheckConstraint("ck_patient_revisions_reason", "length(btrim(reason)) >= 3"));
        builder.Property(r => r.PreviousDetailsJson).HasColumnName("previous_details").HasColumnType("jsonb");
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.ChangedByUserId).HasMaxLength(450);
        builder.Property(r => r.ChangedByName).HasMaxLength(256);
        builder.HasOne<Patient>().WithMany().HasForeignKey(r => r.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.PatientId, r.Number }).IsUnique();
    }
}

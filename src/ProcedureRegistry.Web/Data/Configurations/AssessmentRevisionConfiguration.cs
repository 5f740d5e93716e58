using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Assessments;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class AssessmentRevisionConfiguration : IEntityTypeConfiguration<AssessmentRevision>
{
    public void Configure(EntityTypeBuilder<AssessmentRevision> builder)
    {
        builder.ToTable("assessment_revisions", t => t.HasCheckConstraint("ck_assessment_revisions_reason", "length(btrim(reason)) >= 3"));
        builder.Property(r => r.PreviousJson).HasColumnName("previous").HasColumnType("jsonb");
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.ChangedByUserId).HasMaxLength(450);
        builder.Property(r => r.ChangedByName).HasMaxLength(256);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(r => r.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.AssessmentId, r.Number }).IsUnique();
    }
}

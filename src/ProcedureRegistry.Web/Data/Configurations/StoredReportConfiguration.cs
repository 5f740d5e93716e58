using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class StoredReportConfiguration : IEntityTypeConfiguration<StoredReport>
{
    public void Configure(EntityTypeBuilder<StoredReport> builder)
    {
        builder.ToTable("reports", t =>
        {
            t.HasCheckConstraint("ck_reports_status", SqlChecks.EnumIn<ReportStatus>("status"));
            t.HasCheckConstraint("ck_reports_progress", "progress_percent BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_reports_finished", "(status IN ('Succeeded', 'Failed')) = (finished_at IS NOT NULL)");
            t.HasCheckConstraint("ck_reports_succeeded_documents",
                "status <> 'Succeeded' OR (pdf IS NOT NULL AND json IS NOT NULL AND csv IS NOT NULL AND progress_percent = 100)");
            t.HasCheckConstraint("ck_reports_failed_error", "(status = 'Failed') = (error IS NOT NULL)");
            t.HasCheckConstraint("ck_reports_clinics", "cardinality(clinic_ids) >= 1");
        });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);
        builder.Property(r => r.RequestedByName).HasMaxLength(256);
        builder.Property(r => r.Filters).HasColumnType("jsonb");
        builder.Property(r => r.Step).HasMaxLength(StoredReport.StepMaxLength);
        builder.Property(r => r.Error).HasMaxLength(StoredReport.ErrorMaxLength);
        builder.HasIndex(r => r.RequestedAt);
    }
}

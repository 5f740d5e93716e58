using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.ToTable("assessments", t =>
        {
            t.HasCheckConstraint("ck_assessments_baseline_pain", SqlChecks.Between("baseline_pain", 0, 10));
            t.HasCheckConstraint("ck_assessments_oswestry_index", "oswestry_index IS NULL OR " + SqlChecks.Between("oswestry_index", 0, 100));
            t.HasCheckConstraint("ck_assessments_imaging", SqlChecks.EnumIn<ImagingModality>("imaging"));
            t.HasCheckConstraint("ck_assessments_imaging_suggested_segment",
                "imaging_suggested_segment IS NULL OR " + SqlChecks.Segment("imaging_suggested_segment"));
            t.HasCheckConstraint("ck_assessments_no_imaging_no_findings",
                "imaging <> 'None' OR (imaging_findings IS NULL AND imaging_suggested_segment IS NULL)");
            t.HasCheckConstraint("ck_assessments_assessed_on", "assessed_on >= DATE '1900-01-01'");
        });
        builder.Property(a => a.Imaging).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ImagingFindings).HasMaxLength(Assessment.FindingsMaxLength);
        builder.Property(a => a.ImagingSuggestedSegment).HasMaxLength(7);
        builder.Property(a => a.Notes).HasMaxLength(Assessment.FindingsMaxLength);
        builder.Property(a => a.ClinicianUserId).HasMaxLength(450);
        builder.Property(a => a.ClinicianName).HasMaxLength(256);
        builder.Property(a => a.Version).IsRowVersion();
        builder.Ignore(a => a.Findings);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(a => a.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(a => a.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.PatientId, a.AssessedOn });

        builder.OwnsMany(a => a.Territories, t =>
        {
            t.ToTable("assessment_territories", c =>
            {
                c.HasCheckConstraint("ck_assessment_territories_territory", SqlChecks.EnumIn<Territory>("territory"));
                c.HasCheckConstraint("ck_assessment_territories_side", SqlChecks.EnumIn<Side>("side"));
                c.HasCheckConstraint("ck_assessment_territories_skin_signs", "skin_signs BETWEEN 0 AND 31");
            });
            t.WithOwner().HasForeignKey("AssessmentId");
            t.Property<int>("AssessmentId");
            t.Property(x => x.Territory).HasConversion<string>().HasMaxLength(10);
            t.Property(x => x.Side).HasConversion<string>().HasMaxLength(10);
            t.HasKey("AssessmentId", nameof(AssessmentTerritory.Territory));
        });
        OwnSegments(builder.OwnsMany(a => a.TenderSegments), "assessment_tender_segments");
        OwnSegments(builder.OwnsMany(a => a.SuspectedSegments), "assessment_suspected_segments");
    }

    private static void OwnSegments(OwnedNavigationBuilder<Assessment, AssessmentSegment> segments, string table)
    {
        segments.ToTable(table, c =>
        {
            c.HasCheckConstraint($"ck_{table}_segment", SqlChecks.Segment("segment"));
            c.HasCheckConstraint($"ck_{table}_side", SqlChecks.EnumIn<Side>("side"));
        });
        segments.WithOwner().HasForeignKey("AssessmentId");
        segments.Property<int>("AssessmentId");
        segments.Property(x => x.Segment).HasMaxLength(7);
        segments.Property(x => x.Side).HasConversion<string>().HasMaxLength(10);
        segments.HasKey("AssessmentId", nameof(AssessmentSegment.Segment), nameof(AssessmentSegment.Side));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("follow_ups", t =>
        {
            t.HasCheckConstraint("ck_follow_ups_status", SqlChecks.EnumIn<FollowUpStatus>("status"));
            t.HasCheckConstraint("ck_follow_ups_window", "opens_at < closes_at AND opens_at <= due_at AND due_at <= closes_at");
            t.HasCheckConstraint("ck_follow_ups_pain", "pain IS NULL OR " + SqlChecks.Between("pain", FollowUpAnswer.PainMin, FollowUpAnswer.PainMax));
            t.HasCheckConstraint("ck_follow_ups_relief", "relief_percent IS NULL OR " + SqlChecks.Between("relief_percent", FollowUpAnswer.ReliefMin, FollowUpAnswer.ReliefMax));
            t.HasCheckConstraint("ck_follow_ups_pgic", "pgic IS NULL OR " + SqlChecks.Between("pgic", FollowUpAnswer.PgicMin, FollowUpAnswer.PgicMax));
            t.HasCheckConstraint("ck_follow_ups_answered_via", "answered_via IS NULL OR " + SqlChecks.EnumIn<AnswerSource>("answered_via"));
            // An answer is complete or absent, and present exactly when the status says answered.
            t.HasCheckConstraint("ck_follow_ups_answer",
                "(status = 'Answered') = (answered_at IS NOT NULL) AND " +
                "(answered_at IS NULL) = (pain IS NULL) AND (pain IS NULL) = (relief_percent IS NULL) AND " +
                "(pain IS NULL) = (pgic IS NULL) AND (pain IS NULL) = (other_treatment IS NULL) AND (pain IS NULL) = (answered_via IS NULL)");
            t.HasCheckConstraint("ck_follow_ups_cancel_reason", "(status = 'Cancelled') = (cancel_reason IS NOT NULL)");
        });
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(f => f.AnsweredVia).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.Label).HasMaxLength(FollowUpProtocolPoint.LabelMaxLength);
        builder.Property(f => f.CancelReason).HasMaxLength(200);
        builder.Property(f => f.AnsweredByName).HasMaxLength(256);
        builder.Property(f => f.Version).IsRowVersion();

        builder.HasOne<Clinic>().WithMany().HasForeignKey(f => f.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(f => f.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Procedure).WithMany().HasForeignKey(f => f.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FollowUpProtocolPoint>().WithMany().HasForeignKey(f => f.ProtocolPointId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(f => new { f.ProcedureId, f.Label }).IsUnique();
        // The worklist and the scheduler look for scheduled rows by window; answered ones by date.
        builder.HasIndex(f => new { f.ClinicId, f.Status, f.DueAt });
        builder.HasIndex(f => f.OpensAt).HasFilter("status = 'Scheduled'").HasDatabaseName("ix_follow_ups_scheduled_opens_at");
        builder.HasIndex(f => f.ClosesAt).HasFilter("status = 'Scheduled'").HasDatabaseName("ix_follow_ups_scheduled_closes_at");
        builder.HasIndex(f => f.PatientId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;
using static ProcedureRegistry.Domain.Clinical.ProcedureLimits;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> builder)
    {
        builder.ToTable("procedures", t =>
        {
            t.HasCheckConstraint("ck_procedures_kind", SqlChecks.EnumIn<ProcedureKind>("kind"));
            t.HasCheckConstraint("ck_procedures_pre_pain", SqlChecks.Between("pre_pain", PainMin, PainMax));
            t.HasCheckConstraint("ck_procedures_guidance", SqlChecks.EnumIn<Guidance>("guidance"));
            t.HasCheckConstraint("ck_procedures_complication", SqlChecks.EnumIn<Complication>("complication"));
            t.HasCheckConstraint("ck_procedures_complication_other", "complication <> 'Other' OR length(btrim(complication_other)) > 0");
            t.HasCheckConstraint("ck_procedures_technique", "technique IS NULL OR " + SqlChecks.EnumIn<BlockTechnique>("technique"));
            t.HasCheckConstraint("ck_procedures_agent", "agent IS NULL OR " + SqlChecks.EnumIn<BlockAgent>("agent"));
            t.HasCheckConstraint("ck_procedures_sequence", "sequence IS NULL OR " + SqlChecks.EnumIn<BlockSequence>("sequence"));
            t.HasCheckConstraint("ck_procedures_volume", $"volume_ml_per_target IS NULL OR (volume_ml_per_target > 0 AND volume_ml_per_target <= {BlockVolumeMaxMl})");
            t.HasCheckConstraint("ck_procedures_concentration", $"concentration_percent IS NULL OR (concentration_percent > 0 AND concentration_percent <= {AgentConcentrationMaxPercent})");
            t.HasCheckConstraint("ck_procedures_steroid", "steroid IS NULL OR " + SqlChecks.EnumIn<Steroid>("steroid"));
            t.HasCheckConstraint("ck_procedures_steroid_dose", $"steroid_dose_mg IS NULL OR (steroid_dose_mg > 0 AND steroid_dose_mg <= {SteroidDoseMaxMg})");
            t.HasCheckConstraint("ck_procedures_rf_mode", "rf_mode IS NULL OR " + SqlChecks.EnumIn<RfMode>("rf_mode"));
            t.HasCheckConstraint("ck_procedures_temperature", "temperature_c IS NULL OR " + SqlChecks.Between("temperature_c", RfTemperatureMinC, RfTemperatureMaxC));
            t.HasCheckConstraint("ck_procedures_lesion_seconds", "lesion_seconds IS NULL OR " + SqlChecks.Between("lesion_seconds", RfLesionSecondsMin, RfLesionSecondsMax));
            t.HasCheckConstraint("ck_procedures_lesions_per_nerve", "lesions_per_nerve IS NULL OR " + SqlChecks.Between("lesions_per_nerve", LesionsPerNerveMin, LesionsPerNerveMax));
            t.HasCheckConstraint("ck_procedures_electrode_gauge", "electrode_gauge IS NULL OR " + SqlChecks.Between("electrode_gauge", ElectrodeGaugeMin, ElectrodeGaugeMax));
            t.HasCheckConstraint("ck_procedures_active_tip", "active_tip_mm IS NULL OR " + SqlChecks.Between("active_tip_mm", ActiveTipMinMm, ActiveTipMaxMm));
            // Each kind carries its own parameters and none of the others'.
            t.HasCheckConstraint("ck_procedures_block_fields",
                "kind <> 'DiagnosticBlock' OR (technique IS NOT NULL AND agent IS NOT NULL AND volume_ml_per_target IS NOT NULL AND sequence IS NOT NULL " +
                "AND steroid IS NULL AND rf_mode IS NULL)");
            t.HasCheckConstraint("ck_procedures_steroid_fields",
                "kind <> 'SteroidInjection' OR (technique IS NOT NULL AND steroid IS NOT NULL AND steroid_dose_mg IS NOT NULL AND rf_mode IS NULL AND sequence IS NULL)");
            t.HasCheckConstraint("ck_procedures_rf_fields",
                "kind <> 'RfDenervation' OR (rf_mode IS NOT NULL AND temperature_c IS NOT NULL AND lesion_seconds IS NOT NULL AND lesions_per_nerve IS NOT NULL " +
                "AND steroid IS NULL AND agent IS NULL AND sequence IS NULL)");
            t.HasCheckConstraint("ck_procedures_void", "(voided_at IS NULL) = (void_reason IS NULL)");
            t.HasCheckConstraint("ck_procedures_performed_at", "performed_at >= TIMESTAMPTZ '1990-01-01 00:00:00+00'");
        });
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Guidance).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Complication).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Technique).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Agent).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Sequence).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.Steroid).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.RfMode).HasConversion<string>().HasMaxLength(30);
        builder.Property(p => p.ConcentrationPercent).HasPrecision(5, 2);
        builder.Property(p => p.VolumeMlPerTarget).HasPrecision(5, 2);
        builder.Property(p => p.SteroidDoseMg).HasPrecision(6, 2);
        builder.Property(p => p.TemperatureC).HasPrecision(4, 1);
        builder.Property(p => p.ActiveTipMm).HasPrecision(4, 1);
        builder.Property(p => p.OperatorName).HasMaxLength(256);
        builder.Property(p => p.ComplicationOther).HasMaxLength(500);
        builder.Property(p => p.Notes).HasMaxLength(Procedure.TextMaxLength);
        builder.Property(p => p.CreatedByUserId).HasMaxLength(450);
        builder.Property(p => p.VoidedByName).HasMaxLength(256);
        builder.Property(p => p.VoidReason).HasMaxLength(500);
        builder.Property(p => p.Version).IsRowVersion();
        builder.Ignore(p => p.IsVoided);
        builder.Ignore(p => p.TargetsInOrder);

        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Assessment>().WithMany().HasForeignKey(p => p.AssessmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Procedure>().WithMany().HasForeignKey(p => p.PartnerProcedureId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.PatientId, p.PerformedAt });
        builder.HasIndex(p => new { p.ClinicId, p.Kind, p.PerformedAt });

        builder.OwnsMany(p => p.Targets, t =>
        {
            t.ToTable("procedure_targets", c =>
            {
                c.HasCheckConstraint("ck_procedure_targets_segment", SqlChecks.Segment("segment"));
                c.HasCheckConstraint("ck_procedure_targets_side", SqlChecks.EnumIn<Side>("side"));
            });
            t.WithOwner().HasForeignKey("ProcedureId");
            t.Property<int>("ProcedureId");
            t.Property(x => x.Segment).HasMaxLength(7);
            t.Property(x => x.Side).HasConversion<string>().HasMaxLength(10);
            t.HasKey("ProcedureId", nameof(ProcedureTarget.Segment), nameof(ProcedureTarget.Side));
            t.HasIndex(nameof(ProcedureTarget.Segment));
        });
        builder.OwnsMany(p => p.Diary, d =>
        {
            d.ToTable("block_diary_scores", c =>
            {
                c.HasCheckConstraint("ck_block_diary_scores_pain", SqlChecks.Between("pain", PainMin, PainMax));
                c.HasCheckConstraint("ck_block_diary_scores_minutes_after", "minutes_after BETWEEN 1 AND 10080");
            });
            d.WithOwner().HasForeignKey("ProcedureId");
            d.Property<int>("ProcedureId");
            // Part of the key but given, never generated (EF would otherwise make an int key part an identity column).
            d.Property(x => x.MinutesAfter).ValueGeneratedNever();
            d.HasKey("ProcedureId", nameof(DiaryScore.MinutesAfter));
        });
    }
}

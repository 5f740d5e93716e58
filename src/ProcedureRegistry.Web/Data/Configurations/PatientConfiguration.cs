using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("patients", t =>
        {
            t.HasCheckConstraint("ck_patients_mrn_format", "mrn ~ '^[A-Za-z0-9./-]{1,32}$'");
            t.HasCheckConstraint("ck_patients_names_not_blank", "length(btrim(family_name)) >= 1 AND length(btrim(given_name)) >= 1");
            // CURRENT_DATE is stable, not immutable: a date of birth in the past stays in the past, so dump and restore are safe.
            t.HasCheckConstraint("ck_patients_date_of_birth_range", "date_of_birth >= DATE '1900-01-01' AND date_of_birth <= CURRENT_DATE");
            t.HasCheckConstraint("ck_patients_sex", "sex IN ('Female', 'Male', 'Other', 'Unknown')");
            t.HasCheckConstraint("ck_patients_channel", "preferred_channel IN ('None', 'Email', 'Sms')");
            t.HasCheckConstraint("ck_patients_channel_needs_consent", "preferred_channel = 'None' OR reminder_consent");
            t.HasCheckConstraint("ck_patients_email_channel_needs_email", "preferred_channel <> 'Email' OR email IS NOT NULL");
            // The shape of EmailAddressRule, a little looser on the local part: no spaces, one @, a dotted domain.
            t.HasCheckConstraint("ck_patients_email_format",
                "email IS NULL OR email ~ '^[^[:space:]@]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{1,62}$'");
            t.HasCheckConstraint("ck_patients_sms_channel_needs_phone", "preferred_channel <> 'Sms' OR phone IS NOT NULL");
            t.HasCheckConstraint("ck_patients_died_on", "died_on IS NULL OR (died_on >= date_of_birth AND died_on <= CURRENT_DATE)");
        });
        builder.Property(p => p.Mrn).HasMaxLength(Patient.MrnMaxLength);
        builder.Property(p => p.FamilyName).HasMaxLength(Patient.NameMaxLength);
        builder.Property(p => p.GivenName).HasMaxLength(Patient.NameMaxLength);
        builder.Property(p => p.Email).HasMaxLength(Patient.EmailMaxLength);
        builder.Property(p => p.Phone).HasMaxLength(Patient.PhoneMaxLength);
        builder.Property(p => p.TimeZone).HasMaxLength(64);
        builder.Property(p => p.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.PreferredChannel).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.MrnKey).HasMaxLength(Patient.MrnMaxLength);
        builder.Property(p => p.FamilyNameKey).HasMaxLength(Patient.NameMaxLength * 2);
        builder.Property(p => p.GivenNameKey).HasMaxLength(Patient.NameMaxLength * 2);
        builder.Property(p => p.Version).IsRowVersion();
        builder.Ignore(p => p.Details);
        builder.Ignore(p => p.DisplayName);

        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ClinicId, p.Mrn }).IsUnique();
        // Prefix search (LIKE 'abc%') on the folded keys; text_pattern_ops makes LIKE use the index whatever the collation.
        builder.HasIndex(p => new { p.ClinicId, p.FamilyNameKey }).HasOperators("int4_ops", "text_pattern_ops");
        builder.HasIndex(p => new { p.ClinicId, p.GivenNameKey }).HasOperators("int4_ops", "text_pattern_ops");
        builder.HasIndex(p => new { p.ClinicId, p.MrnKey }).HasOperators("int4_ops", "text_pattern_ops");
        builder.HasIndex(p => new { p.ClinicId, p.DateOfBirth });
    }
}

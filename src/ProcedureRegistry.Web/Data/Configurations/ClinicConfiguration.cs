using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Clinics;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> builder)
    {
        builder.ToTable("clinics", t =>
        {
            t.HasCheckConstraint("ck_clinics_code_format", "code ~ '^[A-Z0-9-]{2,20}$'");
            t.HasCheckConstraint("ck_clinics_name_not_blank", "length(btrim(name)) >= 2");
        });
        builder.Property(c => c.Code).HasMaxLength(Clinic.CodeMaxLength);
        builder.Property(c => c.Name).HasMaxLength(Clinic.NameMaxLength);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.Property(c => c.RequireTwoFactor).HasDefaultValue(false);
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasIndex(c => c.Code).IsUnique();
    }
}

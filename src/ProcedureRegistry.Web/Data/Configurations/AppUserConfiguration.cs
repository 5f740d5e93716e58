using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.ToTable(t => t.HasCheckConstraint("ck_users_display_name_not_blank", "length(btrim(display_name)) >= 1"));
        builder.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.Access;

namespace ProcedureRegistry.Web.Data.Configurations;

/// <summary>The five roles are part of the schema (seeded by the migration), with fixed ids and stamps.</summary>
public sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> builder) =>
        builder.HasData(Roles.All.Select(role => new IdentityRole(role)
        {
            Id = "role-" + role.ToLowerInvariant(),
            NormalizedName = role.ToUpperInvariant(),
            ConcurrencyStamp = "seed-" + role.ToLowerInvariant(),
        }));
}

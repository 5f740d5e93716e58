using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class FollowUpProtocolPointConfiguration : IEntityTypeConfiguration<FollowUpProtocolPoint>
{
    public void Configure(EntityTypeBuilder<FollowUpProtocolPoint> builder)
    {
        builder.ToTable("follow_up_protocol_points", t =>
        {
            t.HasCheckConstraint("ck_follow_up_protocol_points_kind", SqlChecks.EnumIn<ProcedureKind>("kind"));
            t.HasCheckConstraint("ck_follow_up_protocol_points_label", "length(btrim(label)) >= 1");
            t.HasCheckConstraint("ck_follow_up_protocol_points_days_after", SqlChecks.Between("days_after", 1, FollowUpProtocolPoint.MaxDaysAfter));
            t.HasCheckConstraint("ck_follow_up_protocol_points_window",
                SqlChecks.Between("window_days_before", 0, FollowUpProtocolPoint.MaxWindowDays) + " AND " +
                SqlChecks.Between("window_days_after", 1, FollowUpProtocolPoint.MaxWindowDays));
        });
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Label).HasMaxLength(FollowUpProtocolPoint.LabelMaxLength);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasIndex(p => new { p.Kind, p.Label }).IsUnique();

        // The clinical reference's defaults, seeded by the migration; Admins edit them afterwards.
        builder.HasData(FollowUpProtocolPoint.Defaults().Select((p, i) => new
        {
            Id = i + 1,
            p.Kind,
            p.Label,
            p.DaysAfter,
            p.WindowDaysBefore,
            p.WindowDaysAfter,
            p.Active,
        }));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;

namespace ProcedureRegistry.Web.Data.Configurations;

public sealed class ReminderMessageConfiguration : IEntityTypeConfiguration<ReminderMessage>
{
    public void Configure(EntityTypeBuilder<ReminderMessage> builder)
    {
        builder.ToTable("reminder_messages", t =>
        {
            t.HasCheckConstraint("ck_reminder_messages_status", SqlChecks.EnumIn<ReminderStatus>("status"));
            t.HasCheckConstraint("ck_reminder_messages_channel", "channel IS NULL OR " + SqlChecks.EnumIn<ReminderChannel>("channel"));
            t.HasCheckConstraint("ck_reminder_messages_attempt", "attempt >= 1");
            t.HasCheckConstraint("ck_reminder_messages_tries", "tries >= 0");
            t.HasCheckConstraint("ck_reminder_messages_sent", "(status = 'Sent') = (sent_at IS NOT NULL)");
        });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.LastError).HasMaxLength(500);
        builder.Property(r => r.SkipReason).HasMaxLength(200);
        builder.Property(r => r.ClaimedBy).HasMaxLength(100);
        builder.Property(r => r.RequestedByName).HasMaxLength(256);

        builder.HasOne<FollowUp>().WithMany().HasForeignKey(r => r.FollowUpId).OnDelete(DeleteBehavior.Restrict);
        // One row per follow-up and attempt: the key that makes each reminder exist, and so be sent, once.
        builder.HasIndex(r => new { r.FollowUpId, r.Attempt }).IsUnique();
        builder.HasIndex(r => r.TokenHash).IsUnique().HasFilter("token_hash IS NOT NULL");
        builder.HasIndex(r => r.SendAfter).HasFilter("status = 'Pending'").HasDatabaseName("ix_reminder_messages_pending_send_after");
    }
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Blinding;
using ProcedureRegistry.Domain.Clinics;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Infrastructure.Auditing;
using ProcedureRegistry.Web.Infrastructure.Identity;

namespace ProcedureRegistry.Web.Data;

/// <summary>The registry's one database: clinical data, Identity, data-protection keys and the audit trail.</summary>
public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<ClinicMembership> ClinicMemberships => Set<ClinicMembership>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<PatientRevision> PatientRevisions => Set<PatientRevision>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<AssessmentRevision> AssessmentRevisions => Set<AssessmentRevision>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureRevision> ProcedureRevisions => Set<ProcedureRevision>();
    public DbSet<FollowUpProtocolPoint> FollowUpProtocolPoints => Set<FollowUpProtocolPoint>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<ReminderMessage> ReminderMessages => Set<ReminderMessage>();
    public DbSet<StoredReport> Reports => Set<StoredReport>();
    public DbSet<ControlledBlockProtocol> ControlledBlockProtocols => Set<ControlledBlockProtocol>();
    public DbSet<BlindedKit> BlindedKits => Set<BlindedKit>();
    public DbSet<KitAllocation> KitAllocations => Set<KitAllocation>();
    public DbSet<BlockUnblinding> BlockUnblindings => Set<BlockUnblinding>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        Configurations.IdentityTableNames.Apply(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
    }
}

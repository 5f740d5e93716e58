using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Auditing;

namespace ProcedureRegistry.Web.Infrastructure.Demo;

/// <summary>What one seeding wrote; <see cref="Skipped"/> (and all zero) when the clinic already had its demo patients.</summary>
public sealed record DemoSeedCounts(int Patients, int Assessments, int Blocks, int SteroidInjections, int RfDenervations, TimeSpan Elapsed,
    bool Skipped = false);

/// <summary>
/// Writes a generated demo clinic in batches, bypassing the MediatR handlers on purpose: the generator already keeps to
/// the validators' rules (and the CHECK constraints catch a slip), and one handler call per row would make the
/// benchmark-sized clinics (tens of thousands of patients) take minutes instead of seconds.
/// </summary>
public sealed class DemoClinicWriter(RegistryDbContext db, TimeProvider clock)
{
    public const int DefaultSeed = 20261125;
    private const int BatchSize = 200;
    // First key of the advisory lock that serialises demo seedings (the second is the clinic id): "DEMO" in ASCII.
    private const int SeedLockKey = 0x44454D4F;

    /// <summary>
    /// Seeds <paramref name="patientCount"/> demo patients into the clinic, in one transaction so a failure leaves
    /// nothing half-seeded. Does nothing when the clinic already has demo patients (MRN prefix DEMO-).
    /// </summary>
    public async Task<DemoSeedCounts> SeedAsync(int clinicId, int patientCount, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var kinds = new Dictionary<ProcedureKind, int>();
        var patients = 0;
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        // Every entity is added once and never edited afterwards, so scanning the tracker on each Add is wasted work.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Two seed-demo runs at once (two instances starting) must not both find the clinic empty.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey}, {clinicId})", cancellationToken);
            if (await db.Patients.AnyAsync(p => p.ClinicId == clinicId && p.Mrn.StartsWith(DemoClinicGenerator.MrnPrefix), cancellationToken))
            {
                return new(0, 0, 0, 0, 0, stopwatch.Elapsed, Skipped: true);
            }

            var protocol = await db.FollowUpProtocolPoints.AsNoTracking().Where(p => p.Active).ToListAsync(cancellationToken);
            foreach (var batch in new DemoClinicGenerator().Generate(clinicId, patientCount, seed, now).Chunk(BatchSize))
            {
                await WriteBatchAsync(batch, protocol, now, cancellationToken);
                patients += batch.Length;
                foreach (var procedure in batch.SelectMany(p => p.Procedures))
                {
                    kinds[procedure.Procedure.Kind] = kinds.GetValueOrDefault(procedure.Procedure.Kind) + 1;
                }
            }
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = clock.GetUtcNow(),
                UserName = "system",
                Action = "SeedDemoData",
                EntityId = clinicId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Outcome = "Succeeded",
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        return new(patients, patients, kinds.GetValueOrDefault(ProcedureKind.DiagnosticBlock),
            kinds.GetValueOrDefault(ProcedureKind.SteroidInjection), kinds.GetValueOrDefault(ProcedureKind.RfDenervation), stopwatch.Elapsed);
    }

    // Ids come from the database, so a batch is saved in dependency order: patients, then their assessments and
    // unpaired procedures, then the confirmatory and placebo blocks that name an already-saved partner.
    private async Task WriteBatchAsync(DemoPatient[] batch, IReadOnlyList<FollowUpProtocolPoint> protocol, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        db.Patients.AddRange(batch.Select(p => p.Patient));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var demo in batch)
        {
            db.Assessments.Add(demo.Assessment);
            db.Entry(demo.Assessment).Property(a => a.PatientId).CurrentValue = demo.Patient.Id;
        }
        await db.SaveChangesAsync(cancellationToken);

        var diaries = new List<(Procedure Block, List<DiaryScore> Scores)>();
        foreach (var pass in new[] { false, true })
        {
            foreach (var demo in batch)
            {
                foreach (var (procedure, partnerIndex, _, _) in demo.Procedures.Where(p => p.PartnerIndex is not null == pass))
                {
                    procedure.AssessmentId = demo.Assessment.Id;
                    if (partnerIndex is { } index)
                    {
                        procedure.PartnerProcedureId = demo.Procedures[index].Procedure.Id;
                    }
                    // Diary scores are half of all rows: they go by COPY below, not through the change tracker.
                    diaries.Add((procedure, procedure.Diary));
                    procedure.Diary = [];
                    db.Procedures.Add(procedure);
                    db.Entry(procedure).Property(p => p.PatientId).CurrentValue = demo.Patient.Id;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await CopyDiariesAsync(diaries, cancellationToken);
        db.FollowUps.AddRange(batch.SelectMany(p => p.Procedures).SelectMany(p => DemoFollowUps.For(p, protocol, now)));
        await db.SaveChangesAsync(cancellationToken);
        // Forget the batch: a tracker holding tens of thousands of entities slows every later save.
        db.ChangeTracker.Clear();
    }

    // Binary COPY on the context's own connection, so the rows join the seeding transaction.
    private async Task CopyDiariesAsync(List<(Procedure Block, List<DiaryScore> Scores)> diaries, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY block_diary_scores (procedure_id, minutes_after, pain) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (block, scores) in diaries)
        {
            foreach (var score in scores)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(block.Id, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(score.MinutesAfter, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(score.Pain, NpgsqlDbType.Integer, cancellationToken);
            }
            // Give the block its diary back: the caller's objects should describe what was written.
            block.Diary = scores;
        }
        await importer.CompleteAsync(cancellationToken);
    }
}

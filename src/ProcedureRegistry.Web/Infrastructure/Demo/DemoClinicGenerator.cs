using System.Text;
using ProcedureRegistry.Domain.Assessments;
using ProcedureRegistry.Domain.Clinical;
using ProcedureRegistry.Domain.Patients;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Infrastructure.Demo;

/// <summary>
/// One synthetic patient with the assessment and procedures the generator made for them. The assessment and the
/// procedures carry patient id 0 until <see cref="DemoClinicWriter"/> has saved the patient; a confirmatory or
/// placebo block names its partner by position in <see cref="Procedures"/>, for the same reason.
/// </summary>
public sealed record DemoPatient(Patient Patient, Assessment Assessment, IReadOnlyList<DemoProcedure> Procedures);

/// <param name="PartnerIndex">Index in the patient's procedures of the earlier block this one is paired with.</param>
/// <summary>A demo procedure; <paramref name="Responds"/> and <paramref name="OutcomeSeed"/> drive its simulated follow-up answers.</summary>
public sealed record DemoProcedure(Procedure Procedure, int? PartnerIndex, bool Responds = false, int OutcomeSeed = 0);

/// <summary>
/// A realistic synthetic pain clinic (issue 3 item 4) for the demo and, at larger scale, the benchmarks.
/// Deterministic: patient <c>i</c> of a seed gets its own <see cref="Random"/> seeded from (seed, i), so the same seed
/// gives the same patients, and a larger run starts with the same patients as a smaller one.
/// </summary>
public sealed class DemoClinicGenerator
{
    public const string MrnPrefix = "DEMO-";

    // Maigne syndrome is usually at the thoracolumbar junction; the lower lumbar facets are the clinic's other usual
    // targets (clinical-reference §1–2). Weights in percent.
    private static readonly (string Segment, int Weight)[] SegmentWeights =
    [
        ("T12-L1", 38), ("T11-T12", 24), ("L4-L5", 13), ("L5-S1", 11), ("L1-L2", 8), ("T10-T11", 6),
    ];

    // MRI and CT "suggest" degenerative lower lumbar levels whatever the pain's source (§1: they do not localise).
    private static readonly (string Segment, string Finding)[] ImagingSuggestions =
    [
        ("L4-L5", "L4-L5 disc degeneration with a broad-based bulge"),
        ("L5-S1", "L5-S1 facet arthropathy"),
        ("L3-L4", "L3-L4 disc desiccation"),
        ("L4-L5", "L4-L5 facet hypertrophy, no canal stenosis"),
        ("T12-L1", "Minor T12-L1 endplate changes"),
    ];

    private static readonly string[] NonLocalisingFindings =
    [
        "Mild multilevel spondylosis", "No significant abnormality", "Age-appropriate degenerative changes",
    ];

    private static readonly string[] FamilyNames =
    [
        "Martin", "Dubois", "Durand", "Lefèvre", "Moreau", "Girard", "Bérard", "Hébert", "Ménard", "Lemaître",
        "Després", "Fabre", "Rousseau", "Mercier", "Bonnet", "Chevalier", "François", "Noël", "Lévêque", "Côté",
        "Pagès", "Guérin", "Le Gall", "Dupré-Müller", "Faure", "Roux", "Fontaine", "Leroy", "Gauthier", "Perrin",
        "Smith", "Johnson", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "O'Brien",
    ];

    private static readonly string[] FemaleNames =
    [
        "Marie", "Élise", "Hélène", "Chloé", "Zoé", "Anaïs", "Céline", "Françoise", "Noémie", "Léa", "Isabelle",
        "Nathalie", "Sophie", "Camille", "Emma", "Sarah", "Olivia", "Charlotte", "Emily",
    ];

    private static readonly string[] MaleNames =
    [
        "Jean", "Pierre", "François", "Jérôme", "Frédéric", "Loïc", "Théo", "Benoît", "André", "Hervé", "Nicolas",
        "Philippe", "Julien", "Antoine", "James", "Oliver", "Thomas", "William", "George",
    ];

    private static readonly string[] Clinicians = ["Dr Claire Dubois", "Dr Marc Lefèvre", "Dr Sophie Martin", "Dr Yann Le Gall"];

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>
    /// Generates <paramref name="patientCount"/> patients of clinic <paramref name="clinicId"/>, with MRNs
    /// DEMO-000001 upwards. Every date lies in the two years before <paramref name="now"/>; a block is at least a day
    /// old, so its 24-hour diary is complete.
    /// </summary>
    public IEnumerable<DemoPatient> Generate(int clinicId, int patientCount, int seed, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patientCount);
        for (var i = 0; i < patientCount; i++)
        {
            yield return new PatientBuilder(clinicId, i, seed, now.ToUniversalTime()).Build();
        }
    }

    private sealed class PatientBuilder(int clinicId, int index, int seed, DateTimeOffset now)
    {
        // Knuth's multiplicative hash spreads (seed, index) so neighbouring patients get unrelated sequences.
        private readonly Random _random = new(unchecked((int)((uint)seed * 2654435761u ^ (uint)(index + 1) * 40503u)));
        // Follow-up outcomes draw from their own sequence, so adding them left every patient's history unchanged.
        private readonly Random _outcomes = new(unchecked((int)((uint)seed * 40503u ^ (uint)(index + 1) * 2654435761u)));
        private readonly DateTimeOffset _latestProcedure = now.AddDays(-1);

        public DemoPatient Build()
        {
            var female = Chance(0.55);
            var given = Pick(female ? FemaleNames : MaleNames);
            var family = Pick(FamilyNames);
            var birth = new DateOnly(1940, 1, 1).AddDays(_random.Next(0, new DateOnly(2000, 12, 31).DayNumber - new DateOnly(1940, 1, 1).DayNumber + 1));
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var assessedOn = today.AddDays(-_random.Next(14, 730));
            var registeredAt = At(assessedOn, 8 * 60 + _random.Next(0, 9 * 60));

            var mrn = $"{MrnPrefix}{index + 1:D6}";
            var consent = Chance(0.70);
            var channel = !consent ? ReminderChannel.None : Chance(0.6) ? ReminderChannel.Email : ReminderChannel.Sms;
            var email = (consent && channel == ReminderChannel.Email) || Chance(0.3)
                ? $"{Ascii(given)}.{Ascii(family)}.{index + 1}@example.org"
                : null;
            var phone = (consent && channel == ReminderChannel.Sms) || Chance(0.3)
                ? $"+33 6 {_random.Next(0, 100):D2} {_random.Next(0, 100):D2} {_random.Next(0, 100):D2} {_random.Next(0, 100):D2}"
                : null;
            var patient = new Patient(clinicId, new PatientDetails(mrn, family, given, birth, female ? Sex.Female : Sex.Male,
                email, phone, consent, channel, "Europe/Paris"), registeredAt);

            var (assessment, suspected, meetsCriteria) = BuildAssessment(clinicId, assessedOn, registeredAt);
            var procedures = BuildProcedures(clinicId, assessedOn, suspected, meetsCriteria);
            return new DemoPatient(patient, assessment, procedures);
        }

        private (Assessment, IReadOnlyList<SegmentSide>, bool) BuildAssessment(int clinic, DateOnly assessedOn, DateTimeOffset createdAt)
        {
            // Most patients are referred because they look like Maigne syndrome; some fail criterion 1 or 2.
            var meetsCriteria = Chance(0.85);
            var noTerritory = !meetsCriteria && Chance(0.35);
            var spontaneousPain = !meetsCriteria && !noTerritory;

            var side = Chance(0.12) ? Side.Bilateral : Chance(0.5) ? Side.Left : Side.Right;
            var territories = new List<TerritoryFinding>();
            if (!noTerritory)
            {
                if (Chance(0.85))
                {
                    territories.Add(new(Territory.Posterior, side, SkinSigns()));
                }
                if (Chance(0.6) || territories.Count == 0)
                {
                    territories.Add(new(Territory.Lateral, side, SkinSigns()));
                }
                if (Chance(0.25))
                {
                    territories.Add(new(Territory.Anterior, side, SkinSigns()));
                }
            }

            var main = SpinalSegment.Parse(PickWeighted(SegmentWeights));
            var segments = new List<SegmentSide> { new(main, side) };
            // Sometimes the neighbouring joint is tender too (never past L5-S1, which is the last).
            if (Chance(0.15) && main.Order + 1 < SpinalSegment.All.Count)
            {
                segments.Add(new(SpinalSegment.All[main.Order + 1], side));
            }
            var veiled = Chance(0.10);

            var imaging = PickWeighted([(ImagingModality.Mri, 55), (ImagingModality.Radiograph, 18), (ImagingModality.Ct, 10),
                (ImagingModality.None, 17)]);
            string? findings = null;
            SpinalSegment? suggested = null;
            if (imaging != ImagingModality.None)
            {
                if (imaging is ImagingModality.Mri or ImagingModality.Ct && Chance(0.7))
                {
                    var (code, text) = Pick(ImagingSuggestions);
                    (findings, suggested) = (text, SpinalSegment.Parse(code));
                }
                else
                {
                    findings = Pick(NonLocalisingFindings);
                }
            }

            var assessment = new Assessment(clinic, 0, assessedOn, null, Pick(Clinicians), new AssessmentFindings
            {
                Territories = territories,
                RadiatesBelowKnee = Chance(0.15),
                SpontaneousPainAtLevel = spontaneousPain,
                TenderSegments = veiled ? [] : segments,
                LevelVeiled = veiled,
                Imaging = imaging,
                ImagingFindings = findings,
                ImagingSuggestedSegment = suggested,
                SuspectedSegments = segments,
            }, _random.Next(4, 10), Chance(0.8) ? _random.Next(12, 62) : null, null, createdAt);
            return (assessment, segments, meetsCriteria && !noTerritory);
        }

        private SkinSign SkinSigns()
        {
            var signs = SkinSign.None;
            signs |= Chance(0.6) ? SkinSign.PinchRoll : SkinSign.None;
            signs |= Chance(0.3) ? SkinSign.Thickening : SkinSign.None;
            signs |= Chance(0.08) ? SkinSign.Nodularity : SkinSign.None;
            signs |= Chance(0.05) ? SkinSign.PuffySwelling : SkinSign.None;
            return signs;
        }

        private List<DemoProcedure> BuildProcedures(int clinic, DateOnly assessedOn, IReadOnlyList<SegmentSide> targets, bool meetsCriteria)
        {
            var procedures = new List<DemoProcedure>();
            // The patient's truth: whether the suspected joint really is the pain generator. Blocks measure it with
            // error (false positives, placebo responders), which is what the outcome reports set out to quantify.
            var trueResponder = Chance(meetsCriteria ? 0.6 : 0.25);
            var plannedBlocks = meetsCriteria
                ? PickWeighted([(0, 10), (1, 40), (2, 50)])
                : PickWeighted([(0, 60), (1, 30), (2, 10)]);
            var date = At(assessedOn.AddDays(_random.Next(7, 43)), 8 * 60 + _random.Next(0, 8 * 60 + 30));
            var lastBlockPositive = false;

            if (plannedBlocks > 0 && date <= _latestProcedure)
            {
                var placeboSet = plannedBlocks == 2 && Chance(0.15);
                var comparative = plannedBlocks == 2 && !placeboSet;
                var firstAgent = (comparative && Chance(0.8)) || (!comparative && Chance(0.5)) ? BlockAgent.Lidocaine : BlockAgent.Bupivacaine;
                var (first, firstPositive) = Block(clinic, date, targets, firstAgent,
                    comparative ? BlockSequence.FirstOfComparativePair : BlockSequence.Single, trueResponder);
                procedures.Add(new(first, null, false, _outcomes.Next()));
                lastBlockPositive = firstPositive;

                // A negative first block usually ends the work-up; a positive one is confirmed.
                if (plannedBlocks == 2 && (firstPositive || Chance(0.2)))
                {
                    var second = date.AddDays(_random.Next(7, 22));
                    if (second <= _latestProcedure)
                    {
                        date = second;
                        var agent = placeboSet ? BlockAgent.Saline
                            : firstAgent == BlockAgent.Lidocaine ? BlockAgent.Bupivacaine : BlockAgent.Lidocaine;
                        var (block, positive) = Block(clinic, date, targets, agent,
                            placeboSet ? BlockSequence.PlaceboControlled : BlockSequence.Confirmatory, trueResponder);
                        procedures.Add(new(block, 0, false, _outcomes.Next()));
                        lastBlockPositive = placeboSet ? firstPositive && !positive : firstPositive && positive;
                    }
                }
            }

            // Refractory pain without a convincing block: a steroid injection is the usual next step.
            if (Chance(lastBlockPositive ? 0.1 : 0.3))
            {
                var when = date.AddDays(_random.Next(14, 50));
                if (when <= _latestProcedure)
                {
                    date = when;
                    procedures.Add(new(SteroidInjection(clinic, date, targets), null, trueResponder && _outcomes.NextDouble() < 0.7, _outcomes.Next()));
                }
            }

            if (lastBlockPositive && Chance(0.8))
            {
                var when = date.AddDays(_random.Next(21, 71));
                if (when <= _latestProcedure)
                {
                    procedures.Add(new(RfDenervation(clinic, when, targets), null, _outcomes.NextDouble() < (trueResponder ? 0.85 : 0.2), _outcomes.Next()));
                }
            }
            return procedures;
        }

        private (Procedure, bool Positive) Block(int clinic, DateTimeOffset at, IReadOnlyList<SegmentSide> targets,
            BlockAgent agent, BlockSequence sequence, bool trueResponder)
        {
            var block = Common(clinic, ProcedureKind.DiagnosticBlock, at, targets);
            block.Technique = BlockTechnique.MedialBranch;
            block.Agent = agent;
            block.ConcentrationPercent = agent switch
            {
                BlockAgent.Lidocaine => 2m,
                BlockAgent.Bupivacaine => 0.5m,
                _ => null,
            };
            block.VolumeMlPerTarget = 0.5m;
            block.Sequence = sequence;

            // Responders: most true responders, a share of the rest (false positives), few to saline (placebo).
            var responds = agent == BlockAgent.Saline ? Chance(0.1) : Chance(trueResponder ? 0.9 : 0.3);
            var peak = responds ? 0.70 + _random.NextDouble() * 0.30 : _random.NextDouble() * (agent == BlockAgent.Saline ? 0.15 : 0.40);
            var lastsMinutes = agent == BlockAgent.Lidocaine ? _random.Next(60, 121) : _random.Next(180, 361);
            // Relief fades back to baseline over an hour or two after the anaesthetic wears off.
            var fadeMinutes = _random.Next(60, 121);
            block.Diary = [.. PainDiary.StandardTimes.Select(t =>
            {
                var minutes = (int)t.TotalMinutes;
                var relief = minutes <= 15 ? peak * (0.6 + _random.NextDouble() * 0.4)
                    : minutes <= lastsMinutes ? peak
                    : Math.Max(0, peak * (1 - (minutes - lastsMinutes) / (double)fadeMinutes));
                var pain = (int)Math.Round(block.PrePain * (1 - relief), MidpointRounding.AwayFromZero);
                return new DiaryScore(minutes, Math.Clamp(pain, ProcedureLimits.PainMin, ProcedureLimits.PainMax));
            })];
            block.TendernessAbolished = responds ? Chance(0.85) : Chance(0.05);
            return (block, responds);
        }

        private Procedure SteroidInjection(int clinic, DateTimeOffset at, IReadOnlyList<SegmentSide> targets)
        {
            var injection = Common(clinic, ProcedureKind.SteroidInjection, at, targets);
            injection.Technique = Chance(0.5) ? BlockTechnique.IntraArticular : BlockTechnique.MedialBranch;
            var (steroid, dose) = PickWeighted<(Steroid, decimal)>(
            [
                ((Steroid.Triamcinolone, 40m), 30), ((Steroid.Triamcinolone, 20m), 10),
                ((Steroid.Methylprednisolone, 40m), 20), ((Steroid.Methylprednisolone, 80m), 10),
                ((Steroid.Dexamethasone, 4m), 10), ((Steroid.Dexamethasone, 8m), 10),
                ((Steroid.Betamethasone, 6m), 10),
            ]);
            injection.Steroid = steroid;
            injection.SteroidDoseMg = dose;
            if (Chance(0.7))
            {
                injection.Agent = Chance(0.5) ? BlockAgent.Lidocaine : BlockAgent.Bupivacaine;
                injection.ConcentrationPercent = injection.Agent == BlockAgent.Lidocaine ? 1m : 0.25m;
            }
            injection.VolumeMlPerTarget = injection.Technique == BlockTechnique.IntraArticular ? 1.0m : 0.5m;
            return injection;
        }

        private Procedure RfDenervation(int clinic, DateTimeOffset at, IReadOnlyList<SegmentSide> targets)
        {
            var rf = Common(clinic, ProcedureKind.RfDenervation, at, targets);
            rf.RfMode = RfMode.ConventionalThermal;
            rf.TemperatureC = _random.Next(80, 91);
            rf.LesionSeconds = Pick([60, 60, 75, 90, 90]);
            rf.LesionsPerNerve = _random.Next(1, 4);
            rf.ElectrodeGauge = Pick([18, 20, 20]);
            rf.ActiveTipMm = Pick([5m, 10m, 10m]);
            rf.SensoryStimulationTested = Chance(0.95);
            rf.MotorStimulationTested = Chance(0.95);
            return rf;
        }

        private Procedure Common(int clinic, ProcedureKind kind, DateTimeOffset at, IReadOnlyList<SegmentSide> targets) =>
            new(clinic, 0, kind, at, null)
            {
                PerformedAt = at,
                OperatorName = Pick(Clinicians),
                Guidance = PickWeighted([(Guidance.Fluoroscopy, 85), (Guidance.Ct, 10), (Guidance.Ultrasound, 5)]),
                ConsentRecorded = true,
                Complication = PickWeighted([(Complication.None, 95), (Complication.Vasovagal, 3), (Complication.IncreasedPain, 2)]),
                PrePain = _random.Next(5, 10),
                Targets = [.. targets.Select(t => new ProcedureTarget(t.Segment.Code, t.Side))],
            };

        /// <summary>A clinic time of day in Paris on <paramref name="day"/>, as UTC (what PostgreSQL stores).</summary>
        private static DateTimeOffset At(DateOnly day, int minuteOfDay)
        {
            var local = day.ToDateTime(new TimeOnly(minuteOfDay / 60, minuteOfDay % 60));
            return new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToUniversalTime();
        }

        private bool Chance(double probability) => _random.NextDouble() < probability;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private T PickWeighted<T>(IReadOnlyList<(T Item, int Weight)> items)
        {
            var roll = _random.Next(items.Sum(i => i.Weight));
            foreach (var (item, weight) in items)
            {
                if (roll < weight)
                {
                    return item;
                }
                roll -= weight;
            }
            return items[^1].Item;
        }

        // Addresses need plain ASCII letters: "Lefèvre" → "lefevre", "O'Brien" → "obrien".
        private static string Ascii(string name)
        {
            var builder = new StringBuilder();
            foreach (var c in SearchKey.Normalize(name))
            {
                if (c is >= 'a' and <= 'z')
                {
                    builder.Append(c);
                }
            }
            return builder.ToString();
        }
    }
}

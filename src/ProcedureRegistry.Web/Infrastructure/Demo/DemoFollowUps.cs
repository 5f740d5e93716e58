using ProcedureRegistry.Domain.FollowUps;
using ProcedureRegistry.Domain.Procedures;

namespace ProcedureRegistry.Web.Infrastructure.Demo;

/// <summary>
/// The follow-ups of a demo procedure, as the protocol plans them, with simulated answers for those whose window
/// has passed: about 3 in 4 answered (by the patient, inside the window), the rest missed; open and future ones
/// stay scheduled. Relief follows the procedure's hidden response: RF responders keep 55–90 % relief for months and
/// some lose it by a year; steroid responders improve for weeks and fade by 3 months; blocks give little by a week.
/// </summary>
public static class DemoFollowUps
{
    public static IEnumerable<FollowUp> For(DemoProcedure demo, IReadOnlyList<FollowUpProtocolPoint> points, DateTimeOffset now)
    {
        var random = new Random(demo.OutcomeSeed);
        var procedure = demo.Procedure;
        foreach (var point in points.Where(p => p.Kind == procedure.Kind))
        {
            var followUp = new FollowUp(procedure, point);
            if (followUp.ClosesAt <= now)
            {
                if (random.NextDouble() < 0.75)
                {
                    var answeredAt = followUp.DueAt.AddDays(random.Next(-3, 4)).AddHours(random.Next(0, 10));
                    if (answeredAt < followUp.OpensAt)
                    {
                        answeredAt = followUp.OpensAt.AddHours(2);
                    }
                    followUp.Answer(Simulate(procedure, demo.Responds, point.DaysAfter, random), AnswerSource.Patient, null, answeredAt);
                }
                else
                {
                    followUp.MarkMissed(now);
                }
            }
            yield return followUp;
        }
    }

    private static FollowUpAnswer Simulate(Procedure procedure, bool responds, int days, Random random)
    {
        double Between(double low, double high) => low + random.NextDouble() * (high - low);
        var relief = procedure.Kind switch
        {
            ProcedureKind.RfDenervation when responds => days >= 365 && random.NextDouble() < 0.45 ? Between(10, 45) : Between(55, 90),
            ProcedureKind.RfDenervation => Between(0, 40),
            ProcedureKind.SteroidInjection when responds => days <= 42 ? Between(50, 85) : Between(10, 60),
            ProcedureKind.SteroidInjection => Between(0, 30),
            _ => Between(0, 30),
        };
        var pain = (int)Math.Clamp(Math.Round(procedure.PrePain * (1 - relief / 100) + Between(-1, 1)), 0, 10);
        var pgic = relief switch
        {
            >= 70 => random.NextDouble() < 0.6 ? 7 : 6,
            >= 50 => random.NextDouble() < 0.6 ? 6 : 5,
            >= 30 => 5,
            >= 10 => 4,
            _ => random.NextDouble() < 0.7 ? 4 : 3,
        };
        return new FollowUpAnswer(pain, (int)Math.Round(relief), pgic, random.NextDouble() < 0.1);
    }
}

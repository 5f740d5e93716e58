using System.Globalization;

namespace ProcedureRegistry.Domain.Clinical;

/// <summary>
/// Hard limits (validators reject, database CHECK constraints mirror them) and typical ranges (the warnings below,
/// shown but never blocking) for what a procedure records (clinical-reference §3–4). A lower bound described as
/// "above 0" is exclusive; every other bound is inclusive.
/// </summary>
public static class ProcedureLimits
{
    public const int PainMin = 0;
    public const int PainMax = 10;

    public const decimal RfTemperatureMinC = 40m;
    public const decimal RfTemperatureMaxC = 95m;
    public const decimal ConventionalRfTypicalMinC = 80m;
    public const decimal ConventionalRfTypicalMaxC = 90m;
    // Pulsed RF is defined by its 42 °C ceiling; a higher reading means the tissue is being heated.
    public const decimal PulsedRfTypicalMinC = 40m;
    public const decimal PulsedRfTypicalMaxC = 42m;
    // "About 60 °C at the probe": ±5 °C before warning.
    public const decimal CooledRfTypicalMinC = 55m;
    public const decimal CooledRfTypicalMaxC = 65m;

    public const int RfLesionSecondsMin = 10;
    public const int RfLesionSecondsMax = 300;
    // Conventional thermal lesions only: pulsed and cooled RF normally run longer (minutes), and the reference gives
    // no typical duration for them, so a 60–90 s warning would fire on ordinary practice.
    public const int ConventionalRfTypicalSecondsMin = 60;
    public const int ConventionalRfTypicalSecondsMax = 90;

    public const int LesionsPerNerveMin = 1;
    public const int LesionsPerNerveMax = 10;

    public const int ElectrodeGaugeMin = 16;
    public const int ElectrodeGaugeMax = 22;

    // Decimal because some cooled probes have fractional active tips (e.g. 5.5 mm).
    public const decimal ActiveTipMinMm = 2m;
    public const decimal ActiveTipMaxMm = 20m;

    /// <summary>Volume per target: above 0, at most 5 mL.</summary>
    public const decimal BlockVolumeMaxMl = 5.0m;
    // About 0.5 mL per medial branch keeps the block specific; more than about 1–1.5 mL ruptures a facet capsule.
    public const decimal MedialBranchVolumeWarnAboveMl = 1.0m;
    public const decimal IntraArticularVolumeWarnAboveMl = 1.5m;

    /// <summary>Steroid dose: above 0, at most 200 mg.</summary>
    public const decimal SteroidDoseMaxMg = 200m;

    /// <summary>Agent concentration: above 0, at most 10%.</summary>
    public const decimal AgentConcentrationMaxPercent = 10m;

    public static bool IsValidPain(int pain) => pain is >= PainMin and <= PainMax;
    public static bool IsValidRfTemperature(decimal celsius) => celsius is >= RfTemperatureMinC and <= RfTemperatureMaxC;
    public static bool IsValidRfLesionSeconds(int seconds) => seconds is >= RfLesionSecondsMin and <= RfLesionSecondsMax;
    public static bool IsValidLesionsPerNerve(int lesions) => lesions is >= LesionsPerNerveMin and <= LesionsPerNerveMax;
    public static bool IsValidElectrodeGauge(int gauge) => gauge is >= ElectrodeGaugeMin and <= ElectrodeGaugeMax;
    public static bool IsValidActiveTip(decimal mm) => mm is >= ActiveTipMinMm and <= ActiveTipMaxMm;
    public static bool IsValidBlockVolume(decimal mlPerTarget) => mlPerTarget is > 0m and <= BlockVolumeMaxMl;
    public static bool IsValidSteroidDose(decimal mg) => mg is > 0m and <= SteroidDoseMaxMg;
    public static bool IsValidAgentConcentration(decimal percent) => percent is > 0m and <= AgentConcentrationMaxPercent;

    public static (decimal MinMg, decimal MaxMg) TypicalSteroidDoseMg(Steroid steroid) => steroid switch
    {
        Steroid.Triamcinolone or Steroid.Methylprednisolone => (10m, 80m),
        Steroid.Dexamethasone => (2m, 15m),
        Steroid.Betamethasone => (3m, 12m),
        _ => throw new ArgumentOutOfRangeException(nameof(steroid), steroid, null),
    };

    public static (decimal MinC, decimal MaxC) TypicalRfTemperatureC(RfMode mode) => mode switch
    {
        RfMode.ConventionalThermal => (ConventionalRfTypicalMinC, ConventionalRfTypicalMaxC),
        RfMode.Pulsed => (PulsedRfTypicalMinC, PulsedRfTypicalMaxC),
        RfMode.Cooled => (CooledRfTypicalMinC, CooledRfTypicalMaxC),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    // The warning helpers below say nothing about a value outside the hard limits: the validator rejects it with its
    // own message, and a second, softer message about the same value would only confuse.

    public static IReadOnlyList<string> VolumeWarnings(BlockTechnique technique, decimal mlPerTarget)
    {
        if (!IsValidBlockVolume(mlPerTarget))
        {
            return [];
        }
        return technique switch
        {
            BlockTechnique.MedialBranch when mlPerTarget > MedialBranchVolumeWarnAboveMl =>
            [
                $"{Number(mlPerTarget)} mL per target is more than usual for a medial branch block (about 0.5 mL per branch): "
                + "a larger volume spreads beyond the nerve and makes the block less specific.",
            ],
            BlockTechnique.IntraArticular when mlPerTarget > IntraArticularVolumeWarnAboveMl =>
            [
                $"{Number(mlPerTarget)} mL is more than an intra-articular injection usually holds: "
                + "more than about 1–1.5 mL ruptures the joint capsule and makes the block less specific.",
            ],
            _ => [],
        };
    }

    public static IReadOnlyList<string> SteroidDoseWarnings(Steroid steroid, decimal mg)
    {
        var (min, max) = TypicalSteroidDoseMg(steroid);
        if (!IsValidSteroidDose(mg) || (mg >= min && mg <= max))
        {
            return [];
        }
        return [$"{steroid} {Number(mg)} mg is outside the usual {Number(min)}–{Number(max)} mg."];
    }

    public static IReadOnlyList<string> RfWarnings(RfMode mode, decimal temperatureC, int lesionSeconds)
    {
        var warnings = new List<string>();
        var (minC, maxC) = TypicalRfTemperatureC(mode);
        if (IsValidRfTemperature(temperatureC) && (temperatureC < minC || temperatureC > maxC))
        {
            warnings.Add($"{Describe(mode)} at {Number(temperatureC)} °C is outside the usual {Number(minC)}–{Number(maxC)} °C.");
        }
        if (mode == RfMode.ConventionalThermal && IsValidRfLesionSeconds(lesionSeconds)
            && lesionSeconds is < ConventionalRfTypicalSecondsMin or > ConventionalRfTypicalSecondsMax)
        {
            warnings.Add($"A {lesionSeconds} s lesion is outside the usual {ConventionalRfTypicalSecondsMin}–"
                + $"{ConventionalRfTypicalSecondsMax} s for conventional thermal RF.");
        }
        return warnings;
    }

    private static string Describe(RfMode mode) => mode switch
    {
        RfMode.ConventionalThermal => "Conventional thermal RF",
        RfMode.Pulsed => "Pulsed RF",
        _ => "Cooled RF",
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

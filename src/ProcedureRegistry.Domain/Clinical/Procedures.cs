namespace ProcedureRegistry.Domain.Clinical;

public enum Steroid { Triamcinolone, Methylprednisolone, Dexamethasone, Betamethasone }

/// <summary>Medial-branch radiofrequency: conventional thermal (80–90 °C), pulsed (42 °C) or cooled (about 60 °C).</summary>
public enum RfMode { ConventionalThermal, Pulsed, Cooled }

public enum Guidance { Fluoroscopy, Ct, Ultrasound }

public enum Complication
{
    None,
    Vasovagal,
    BleedingHaematoma,
    Infection,
    DuralPuncture,
    NeuritisDysaesthesia,
    IncreasedPain,
    Other,
}

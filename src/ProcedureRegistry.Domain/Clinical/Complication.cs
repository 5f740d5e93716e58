namespace ProcedureRegistry.Domain.Clinical;

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

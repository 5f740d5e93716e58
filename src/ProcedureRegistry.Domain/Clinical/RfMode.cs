namespace ProcedureRegistry.Domain.Clinical;

/// <summary>Medial-branch radiofrequency: conventional thermal (80–90 °C), pulsed (42 °C) or cooled (about 60 °C).</summary>
public enum RfMode { ConventionalThermal, Pulsed, Cooled }

namespace ProcedureRegistry.Domain.Clinical;

public enum Steroid { Triamcinolone, Methylprednisolone, Dexamethasone, Betamethasone }

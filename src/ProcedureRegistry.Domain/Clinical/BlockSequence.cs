namespace ProcedureRegistry.Domain.Clinical;

public enum BlockSequence { Single, FirstOfComparativePair, Confirmatory, PlaceboControlled }

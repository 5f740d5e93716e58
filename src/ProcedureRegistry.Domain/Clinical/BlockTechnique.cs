namespace ProcedureRegistry.Domain.Clinical;

public enum BlockTechnique { IntraArticular, MedialBranch }

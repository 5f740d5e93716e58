namespace ProcedureRegistry.Domain.Clinical;

public enum Guidance { Fluoroscopy, Ct, Ultrasound }

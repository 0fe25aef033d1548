namespace NetGen;

/// <summary>Reshapes a multi-dimensional input (e.g. [1, 28, 28]) into a vector; no computation, no parameters.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute;

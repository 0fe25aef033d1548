namespace NetGen;

/// <summary>Which end of a sequence padding is added to, or tokens are cut from.</summary>
public enum SequenceSide
{
    /// <summary>The start: padding goes before the tokens; truncation drops the first tokens and keeps the end.</summary>
    Pre,

    /// <summary>The end: padding goes after the tokens; truncation keeps the first tokens.</summary>
    Post,
}

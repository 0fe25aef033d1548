// The generator's sources arrive in following commits; this keeps the project buildable.

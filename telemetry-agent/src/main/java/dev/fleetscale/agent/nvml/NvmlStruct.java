package dev.fleetscale.agent.nvml;

import com.sun.jna.Structure;

/**
 * An nvml.h struct declared for JNA. {@link #offsetOf} gives a field's byte offset as JNA lays the
 * struct out from its {@code @FieldOrder}, so that {@link NvmlDirect}'s calls can fill a reused
 * buffer and the reader can take fields from it without a {@code Structure} per call.
 */
public abstract class NvmlStruct extends Structure {

  /** The byte offset of {@code field} in this struct's native layout. */
  public final int offsetOf(String field) {
    return fieldOffset(field);
  }

  /** The struct's native size in bytes. */
  public final int byteSize() {
    return size();
  }
}

package dev.fleetscale.procurement.config;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Checks {@link PositiveDuration}. */
@Singleton
class PositiveDurationValidator implements ConstraintValidator<PositiveDuration, Duration> {

  @Override
  public boolean isValid(@Nullable Duration value,
      @NonNull AnnotationValue<PositiveDuration> annotationMetadata,
      @NonNull ConstraintValidatorContext context) {
    return value == null || (!value.isNegative() && !value.isZero());
  }
}

package dev.fleetscale.procurement.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A {@link java.time.Duration} setting longer than zero ({@code null} is valid; add {@code
 * NotNull} for a required one). Bean Validation has no duration constraints; {@link
 * PositiveDurationValidator} checks this one.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface PositiveDuration {

  String message() default "must be a duration longer than zero";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}

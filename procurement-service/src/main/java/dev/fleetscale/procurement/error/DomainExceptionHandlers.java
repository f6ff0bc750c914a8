package dev.fleetscale.procurement.error;

import dev.fleetscale.procurement.catalog.CatalogNotWritableException;
import dev.fleetscale.procurement.catalog.CatalogValidationException;
import dev.fleetscale.procurement.proposal.IllegalTransitionException;
import dev.fleetscale.procurement.proposal.ProposalNotFoundException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** Maps each domain exception once to its status and the {@link ApiError} shape. */
final class DomainExceptionHandlers {

  private DomainExceptionHandlers() {}

  /** 409: the lifecycle forbids the change; the message says what is allowed. */
  @Singleton
  @Produces
  @Requires(classes = {IllegalTransitionException.class, ExceptionHandler.class})
  static class IllegalTransitionHandler
      implements ExceptionHandler<IllegalTransitionException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, IllegalTransitionException e) {
      return ApiErrors.response(request, HttpStatus.CONFLICT, e.getMessage(), List.of());
    }
  }

  /** 404: no such proposal. */
  @Singleton
  @Produces
  @Requires(classes = {ProposalNotFoundException.class, ExceptionHandler.class})
  static class NotFoundHandler
      implements ExceptionHandler<ProposalNotFoundException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ProposalNotFoundException e) {
      return ApiErrors.response(request, HttpStatus.NOT_FOUND, e.getMessage(), List.of());
    }
  }

  /** 400 with every problem of a catalog document. */
  @Singleton
  @Produces
  @Requires(classes = {CatalogValidationException.class, ExceptionHandler.class})
  static class CatalogHandler
      implements ExceptionHandler<CatalogValidationException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, CatalogValidationException e) {
      return ApiErrors.response(request, HttpStatus.BAD_REQUEST, e.getMessage(), e.problems());
    }
  }

  /** 409: a valid catalog that could not be persisted, so it did not replace the one in force. */
  @Singleton
  @Produces
  @Requires(classes = {CatalogNotWritableException.class, ExceptionHandler.class})
  static class CatalogNotWritableHandler
      implements ExceptionHandler<CatalogNotWritableException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, CatalogNotWritableException e) {
      return ApiErrors.response(request, HttpStatus.CONFLICT, e.getMessage(), List.of());
    }
  }

  /** 400: a value the domain rejects (e.g. a negative requirement). */
  @Singleton
  @Produces
  @Requires(classes = {IllegalArgumentException.class, ExceptionHandler.class})
  static class BadArgumentHandler
      implements ExceptionHandler<IllegalArgumentException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, IllegalArgumentException e) {
      return ApiErrors.response(request, HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
    }
  }
}

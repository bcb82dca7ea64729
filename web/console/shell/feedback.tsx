/**
 * Error and notice display for code outside components (and for catch blocks). The antd App
 * instance is captured by <FeedbackBridge/> so messages follow the ConfigProvider theme and locale.
 */
import { App } from 'antd';
import { ApiError, isAbort, isApiError } from '../../shared/api';

type AppApi = ReturnType<typeof App.useApp>;
let appApi: AppApi | null = null;

export function FeedbackBridge() {
  appApi = App.useApp();
  return null;
}

/** Shows an API error's (server-localised) message; a 401 is shown once, the redirect is done elsewhere. */
export function showError(err: unknown): void {
  if (isAbort(err)) return;
  const message = appApi?.message;
  if (!message) {
    console.error(err);
    return;
  }
  if (isApiError(err)) {
    if (err.status === 401) {
      void message.open({ key: 'auth-401', type: 'warning', content: err.message });
      return;
    }
    void message.error({ key: `${err.code}:${err.message}`, content: err.message });
    return;
  }
  console.error(err);
  void message.error(err instanceof Error ? err.message : String(err));
}

/** Clears notices left from the previous screen (used on logout, so they do not pile up). */
export function clearMessages(): void {
  appApi?.message.destroy();
}

export function showSuccess(text: string): void {
  void appApi?.message.success(text);
}

export function isForbidden(err: unknown): err is ApiError {
  return isApiError(err) && err.status === 403;
}

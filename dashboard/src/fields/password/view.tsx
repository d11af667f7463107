// Password cell: never shown.
export const PasswordView = () => <span class="muted">••••••</span>;

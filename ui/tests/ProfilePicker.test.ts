import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ProfilePicker from '../src/views/ProfilePicker.svelte';
import { answer, fault, refuse } from './ipc';

const anna = { id: 1, name: 'Анна Петрова', email: 'anna@example.org' };

describe('ProfilePicker', () => {
  it('offers to create the first profile when there is none', async () => {
    answer({ list_profiles: () => [], create_profile: ({ input }) => ({ id: 7, ...(input as object) }) });
    const onchosen = vi.fn();
    render(ProfilePicker, { onchosen });

    expect(await screen.findByText(/ещё нет профилей/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Имя'), 'Анна Петрова');
    await userEvent.type(screen.getByLabelText('E-mail'), 'anna@example.org{Enter}');

    expect(onchosen).toHaveBeenCalledWith({ id: 7, name: 'Анна Петрова', email: 'anna@example.org' });
  });

  it('lets you pick an existing profile', async () => {
    const calls = answer({ list_profiles: () => [anna], sign_in: () => anna });
    const onchosen = vi.fn();
    render(ProfilePicker, { onchosen });

    await userEvent.click(await screen.findByRole('button', { name: /Анна Петрова/ }));

    expect(calls.at(-1)).toEqual({ command: 'sign_in', args: { profileId: 1 } });
    expect(onchosen).toHaveBeenCalledWith(anna);
  });

  it("shows Rust's message and marks the field at fault", async () => {
    answer({
      list_profiles: () => [],
      create_profile: refuse(fault('invalid_input', 'Введите e-mail вида name@example.org.', 'email')),
    });
    const onchosen = vi.fn();
    render(ProfilePicker, { onchosen });

    await userEvent.type(await screen.findByLabelText('Имя'), 'Анна');
    await userEvent.type(screen.getByLabelText('E-mail'), 'anna{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('Введите e-mail вида name@example.org.');
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(onchosen).not.toHaveBeenCalled();
  });
});
